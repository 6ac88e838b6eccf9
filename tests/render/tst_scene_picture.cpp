// SPDX-License-Identifier: MIT
// The simulator's pictures: describeScene() puts each ground-truth object, as its class's shape,
// at its box on a background seeded by the image; paintScene() paints it at the image's size (or
// a thumbnail's), the same pixels every time, different pixels for another image, and nothing
// outside the objects' boxes but the background.
#include "core/eval/evaluation.h"
#include "core/example/scene.h"
#include "core/io/loader.h"
#include "render/report_images.h"
#include "render/scene_picture.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace optconf;

namespace {

Detection object(double x, double y, double w, double h, LabelId label, bool crowd = false)
{
    Detection d;
    d.box = {x, y, w, h};
    d.label = label;
    d.crowd = crowd;
    return d;
}

Sample sample(const char* id, const char* file)
{
    return Sample{id, file, 640, 480};
}

/// Objects far apart: an ellipse (class 0), a rectangle (class 1) and a crowd of class 2.
std::vector<Detection> truth()
{
    return {object(60, 40, 200, 150, 0), object(400, 300, 120, 100, 1), object(330, 30, 280, 180, 2, true)};
}

bool insideAnyBox(const SyntheticScene& scene, int x, int y, double margin)
{
    return std::any_of(scene.objects.begin(), scene.objects.end(), [&](const SceneObject& o) {
        return x + 1 > o.box.x - margin && x < o.box.x + o.box.w + margin && y + 1 > o.box.y - margin &&
               y < o.box.y + o.box.h + margin;
    });
}

} // namespace

class TestScenePicture : public QObject
{
    Q_OBJECT

private slots:
    void describesTheGroundTruth()
    {
        const auto gt = truth();
        const SyntheticScene scene = describeScene(sample("1", "synthetic_1.jpg"), gt, BoxUnits::Pixels);
        QCOMPARE(scene.width, 640);
        QCOMPARE(scene.height, 480);
        // The two objects at their own boxes, then the crowd's 4 to 8 members inside its region.
        const auto whole = std::count_if(scene.objects.begin(), scene.objects.end(),
                                         [](const SceneObject& o) { return !o.crowdMember; });
        QCOMPARE(whole, 2);
        QVERIFY(scene.objects.size() >= 6 && scene.objects.size() <= 10);
        for (const SceneObject& o : scene.objects) {
            if (o.crowdMember) {
                QCOMPARE(o.shape, SceneShape::Triangle); // class 2
                QVERIFY(o.box.x >= 330 && o.box.x + o.box.w <= 610 + 1e-9);
                QVERIFY(o.box.y >= 30 && o.box.y + o.box.h <= 210 + 1e-9);
            } else if (o.box.x == 60) {
                QCOMPARE(o.shape, SceneShape::Ellipse);
                QCOMPARE(o.box.y, 40.0);
                QCOMPARE(o.box.w, 200.0);
                QCOMPARE(o.box.h, 150.0);
            } else {
                QCOMPARE(o.shape, SceneShape::Rectangle);
                QCOMPARE(o.box.x, 400.0);
                QCOMPARE(o.box.w, 120.0);
            }
        }
        // Painted biggest first, so small objects are never hidden behind big ones.
        for (std::size_t i = 1; i < scene.objects.size(); ++i)
            QVERIFY(scene.objects[i - 1].box.area() >= scene.objects[i].box.area());
        QCOMPARE(scene.texture.coarse.size(),
                 std::size_t(scene.texture.coarseColumns + 1) * std::size_t(scene.texture.coarseRows + 1));
    }

    void relativeBoxesAreScaledToTheImage()
    {
        const std::vector<Detection> gt{object(0.1, 0.2, 0.3, 0.4, 7)};
        const SyntheticScene scene = describeScene(Sample{"a", "a.jpg", 0, 0}, gt, BoxUnits::Relative);
        QCOMPARE(scene.width, 640); // no size given
        QCOMPARE(scene.height, 480);
        QCOMPARE(scene.objects.size(), std::size_t{1});
        QCOMPARE(scene.objects[0].box.x, 64.0);
        QCOMPARE(scene.objects[0].box.y, 96.0);
        QCOMPARE(scene.objects[0].box.w, 192.0);
        QCOMPARE(scene.objects[0].box.h, 192.0);
        QCOMPARE(scene.objects[0].shape, SceneShape::Rectangle); // class 7: 7 mod 6
    }

    void paintsAtTheImagesSize()
    {
        const auto gt = truth();
        const SyntheticScene scene = describeScene(sample("1", "synthetic_1.jpg"), gt, BoxUnits::Pixels);
        const QImage full = paintScene(scene, 4096);
        QCOMPARE(full.size(), QSize(640, 480));
        QCOMPARE(paintScene(scene, 160).size(), QSize(160, 120));
        QCOMPARE(paintScene(scene, QSize(50, 30)).size(), QSize(50, 30));
        // A picture, not a flat canvas: many distinct colours.
        QSet<QRgb> colours;
        for (int y = 0; y < full.height(); y += 7)
            for (int x = 0; x < full.width(); x += 7)
                colours.insert(full.pixel(x, y));
        QVERIFY2(colours.size() > 200, qPrintable(QString::number(colours.size())));
    }

    void sameImageSamePixelsOtherImageOtherPixels()
    {
        const auto gt = truth();
        const QImage a =
            paintScene(describeScene(sample("1", "synthetic_1.jpg"), gt, BoxUnits::Pixels), 4096);
        const QImage again =
            paintScene(describeScene(sample("1", "synthetic_1.jpg"), gt, BoxUnits::Pixels), 4096);
        QCOMPARE(a, again);
        // The same objects in another image: another background.
        const QImage b =
            paintScene(describeScene(sample("2", "synthetic_2.jpg"), gt, BoxUnits::Pixels), 4096);
        QCOMPARE(b.size(), a.size());
        int differing = 0;
        for (int y = 0; y < a.height(); y += 4)
            for (int x = 0; x < a.width(); x += 4)
                differing += a.pixel(x, y) != b.pixel(x, y);
        QVERIFY2(differing > 160 * 120 / 2, qPrintable(QString::number(differing)));
    }

    void objectsArePaintedInsideTheirBoxes()
    {
        const auto gt = truth();
        const SyntheticScene scene = describeScene(sample("3", "synthetic_3.jpg"), gt, BoxUnits::Pixels);
        SyntheticScene background = scene;
        background.objects.clear();
        const QImage picture = paintScene(scene, 4096);
        const QImage empty = paintScene(background, 4096);
        // Outside every box (and its antialiased edge) only the background; on the ellipse's and
        // the rectangle's centres, the object.
        int outside = 0, changed = 0;
        for (int y = 0; y < picture.height(); ++y)
            for (int x = 0; x < picture.width(); ++x)
                if (!insideAnyBox(scene, x, y, 2)) {
                    ++outside;
                    changed += picture.pixel(x, y) != empty.pixel(x, y);
                }
        QVERIFY(outside > 640 * 480 / 2);
        QCOMPARE(changed, 0);
        for (const QPoint centre : {QPoint(160, 115), QPoint(460, 350)}) {
            QVERIFY(picture.pixel(centre) != empty.pixel(centre));
        }
        // The ellipse's centre has its class's colour (lit from the top left: within a shade).
        const QColor shown = picture.pixelColor(160, 115);
        const std::uint32_t c = sceneClassColour(0);
        QVERIFY(qAbs(shown.red() - int(c >> 16)) < 40);
        QVERIFY(qAbs(shown.green() - int((c >> 8) & 0xff)) < 40);
        QVERIFY(qAbs(shown.blue() - int(c & 0xff)) < 40);
    }

    void generateWritesThePictures()
    {
        // optconf-cli generate --pictures: the same annotations as without, and each image's
        // picture beside them in images/, where the image view looks for a COCO file's images.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto generate = [&](const QString& out, bool pictures) {
            QStringList args{QStringLiteral("generate"), QStringLiteral("--out"), dir.filePath(out),
                             QStringLiteral("--seed"),   QStringLiteral("5"),     QStringLiteral("--images"),
                             QStringLiteral("4")};
            if (pictures)
                args << QStringLiteral("--pictures");
            QProcess cli;
            cli.start(QStringLiteral(OPTCONF_CLI), args);
            return cli.waitForFinished(60000) && cli.exitStatus() == QProcess::NormalExit &&
                   cli.exitCode() == 0;
        };
        QVERIFY(generate(QStringLiteral("with"), true));
        QVERIFY(generate(QStringLiteral("without"), false));
        for (const char* name : {"ground_truth.json", "detector_large.json", "detector_small.json"}) {
            QFile a(dir.filePath(QStringLiteral("with/") + QLatin1String(name)));
            QFile b(dir.filePath(QStringLiteral("without/") + QLatin1String(name)));
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QCOMPARE(a.readAll(), b.readAll());
        }
        QVERIFY(!QDir(dir.filePath(QStringLiteral("without/images"))).exists());

        LoadResult loaded = loadDataset(
            LoadRequest{{dir.filePath(QStringLiteral("with/ground_truth.json")).toStdString()}, {}});
        QVERIFY(loaded.ok());
        const Dataset& d = *loaded.dataset;
        QCOMPARE(d.samples.size(), std::size_t{4});
        QImage previous;
        for (SampleIndex i = 0; i < d.samples.size(); ++i) {
            const QImage jpeg(
                dir.filePath(QStringLiteral("with/images/") + QString::fromStdString(d.samples[i].fileName)));
            QCOMPARE(jpeg.size(), QSize(640, 480));
            // The painted scene, through JPEG: within a few levels on average.
            const QImage painted =
                paintScene(describeScene(d.samples[i], d.fields.front().forSample(i), d.boxUnits), 4096);
            double difference = 0;
            for (int y = 0; y < 480; y += 2)
                for (int x = 0; x < 640; x += 2)
                    difference += qAbs(qGray(jpeg.pixel(x, y)) - qGray(painted.pixel(x, y)));
            difference /= 320.0 * 240.0;
            QVERIFY2(difference < 4, qPrintable(QString::number(difference)));
            QVERIFY(jpeg != previous);
            previous = jpeg;
        }
    }

    void theExamplesReportShowsItsPictures()
    {
        // The bundled example (files only: no image beside them): a report's worst images are the
        // simulator's pictures when asked to be, blank canvases otherwise.
        const std::filesystem::path dir(OPTCONF_EXAMPLE_DIR);
        std::vector<std::filesystem::path> paths{dir / "ground_truth.json", dir / "detector_large.json"};
        LoadResult loaded = loadDataset(LoadRequest{paths, {}});
        QVERIFY(loaded.ok());
        const Dataset& d = *loaded.dataset;
        EvaluationRequest request;
        request.groundTruthField = "ground_truth";
        request.predictionField = "detector_large";
        const auto result = evaluate(d, request);
        QVERIFY(result);
        const auto painted = reportImages(d, *result, 4, {}, true);
        const auto blank = reportImages(d, *result, 4, {}, false);
        QCOMPARE(painted.size(), std::size_t{4});
        QCOMPARE(blank.size(), std::size_t{4});
        for (std::size_t i = 0; i < painted.size(); ++i) {
            QCOMPARE(painted[i].name, blank[i].name);
            QVERIFY(painted[i].found);
            QVERIFY(!blank[i].found);
            QCOMPARE(painted[i].picture.size(), blank[i].picture.size());
            QVERIFY(painted[i].picture != blank[i].picture);
        }
    }
};

QTEST_MAIN(TestScenePicture)
#include "tst_scene_picture.moc"
