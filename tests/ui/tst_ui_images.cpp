// SPDX-License-Identifier: MIT
// The Images tab with real events on a hand-made COCO dataset with real PNG files (one missing):
// per-image counts against the run, sorting and filtering from the combo boxes, a double-click
// opening the viewer, arrow keys moving through the gallery, the threshold slider changing the
// counts and colours, and every decode off the GUI thread.
#include "gui_test_main.h"

#include "core/eval/image_status.h"
#include "core/example/synthetic.h"
#include "ui/images/gallery_model.h"
#include "ui/images/image_source.h"
#include "ui/images/image_viewer.h"
#include "ui/images/images_panel.h"
#include "ui/panels/class_panel.h"
#include "ui/panels/results_panel.h"
#include "ui/window/main_window.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <ctime>

using namespace optconf;

namespace {

constexpr int kTimeoutMs = 60000;

bool writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

/// Six 200 x 150 images (pixels), classes cat (1) and dog (2). At threshold t:
///   a.png  GT cat; cat 0.9 on it (TP); dog 0.8 on nothing (FP)
///   b.png  GT cat, GT dog; cat 0.4 on the cat (TP when t <= 0.4); the dog never found (FN)
///   c.png  GT dog; dog 0.95 on it (TP); cat 0.3 on nothing (FP when t <= 0.3)
///   d.png  no GT; cat 0.7 (FP)
///   e.png  GT cat, no prediction (FN)
///   f.png  (no file) GT dog; dog 0.6 on it (TP)
/// At 0.5: TP 3, FP 2, FN 3. At 0 (slider Home): TP 4, FP 3, FN 2. At 1 (End): TP 0, FP 0, FN 6.
bool writeDataset(const QString& root)
{
    QDir(root).mkpath(QStringLiteral("images"));
    QDir(root).mkpath(QStringLiteral("annotations"));
    const char* files[] = {"a.png", "b.png", "c.png", "d.png", "e.png"};
    int hue = 0;
    for (const char* f : files) {
        QImage image(200, 150, QImage::Format_RGB32);
        image.fill(QColor::fromHsv(hue += 60, 80, 220));
        QPainter p(&image);
        p.fillRect(QRect(20, 20, 60, 60), Qt::darkGray);
        p.end();
        if (!image.save(root + QStringLiteral("/images/") + QString::fromLatin1(f)))
            return false;
    }
    const QByteArray gt = "{\"images\": ["
                          "{\"id\": 1, \"file_name\": \"a.png\", \"width\": 200, \"height\": 150},"
                          "{\"id\": 2, \"file_name\": \"b.png\", \"width\": 200, \"height\": 150},"
                          "{\"id\": 3, \"file_name\": \"c.png\", \"width\": 200, \"height\": 150},"
                          "{\"id\": 4, \"file_name\": \"d.png\", \"width\": 200, \"height\": 150},"
                          "{\"id\": 5, \"file_name\": \"e.png\", \"width\": 200, \"height\": 150},"
                          "{\"id\": 6, \"file_name\": \"f.png\", \"width\": 200, \"height\": 150}],"
                          "\"categories\": [{\"id\": 1, \"name\": \"cat\"}, {\"id\": 2, \"name\": \"dog\"}],"
                          "\"annotations\": ["
                          "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 50, 50], "
                          "\"area\": 2500, \"iscrowd\": 0},"
                          "{\"id\": 2, \"image_id\": 2, \"category_id\": 1, \"bbox\": [20, 20, 60, 60], "
                          "\"area\": 3600, \"iscrowd\": 0},"
                          "{\"id\": 3, \"image_id\": 2, \"category_id\": 2, \"bbox\": [120, 40, 50, 50], "
                          "\"area\": 2500, \"iscrowd\": 0},"
                          "{\"id\": 4, \"image_id\": 3, \"category_id\": 2, \"bbox\": [30, 30, 40, 40], "
                          "\"area\": 1600, \"iscrowd\": 0},"
                          "{\"id\": 5, \"image_id\": 5, \"category_id\": 1, \"bbox\": [40, 40, 80, 60], "
                          "\"area\": 4800, \"iscrowd\": 0},"
                          "{\"id\": 6, \"image_id\": 6, \"category_id\": 2, \"bbox\": [10, 10, 30, 30], "
                          "\"area\": 900, \"iscrowd\": 0}]}";
    const QByteArray det =
        "["
        "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 50, 50], \"score\": 0.9},"
        "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [100, 60, 40, 40], \"score\": 0.8},"
        "{\"image_id\": 2, \"category_id\": 1, \"bbox\": [20, 20, 60, 60], \"score\": 0.4},"
        "{\"image_id\": 3, \"category_id\": 2, \"bbox\": [30, 30, 40, 40], \"score\": 0.95},"
        "{\"image_id\": 3, \"category_id\": 1, \"bbox\": [100, 80, 30, 30], \"score\": 0.3},"
        "{\"image_id\": 4, \"category_id\": 1, \"bbox\": [50, 50, 40, 40], \"score\": 0.7},"
        "{\"image_id\": 6, \"category_id\": 2, \"bbox\": [10, 10, 30, 30], \"score\": 0.6}]";
    return writeFile(root + QStringLiteral("/annotations/gt.json"), gt) &&
           writeFile(root + QStringLiteral("/annotations/det.json"), det);
}

Counts sum(const GalleryModel& m)
{
    Counts c;
    for (int row = 0; row < m.rowCount(); ++row) {
        const Counts x = m.countsOf(m.sampleAt(row));
        c.tp += x.tp;
        c.fp += x.fp;
        c.fn += x.fn;
    }
    return c;
}

QString fileAt(const GalleryModel& m, int row)
{
    return m.index(row).data().toString();
}

void typeThreshold(MainWindow& w, const QString& value)
{
    auto* spin = w.findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin"));
    QTest::mouseClick(spin, Qt::LeftButton);
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, value);
    QTest::keyClick(spin, Qt::Key_Return);
}

/// Picks the combo box entry `text` with the keyboard, as a user would.
void chooseEntry(QComboBox* box, const QString& text)
{
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < box->count() && box->currentText() != text; ++i)
        QTest::keyClick(box, Qt::Key_Down);
}

/// Milliseconds of CPU the calling thread has used.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

/// The tab widget holding `page`.
QTabWidget* tabsOf(QWidget* page)
{
    for (QWidget* w = page->parentWidget(); w; w = w->parentWidget())
        if (auto* tabs = qobject_cast<QTabWidget*>(w))
            return tabs;
    return nullptr;
}

} // namespace

class TestUiImages : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    MainWindow* m_window = nullptr;
    ImagesPanel* m_panel = nullptr;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(writeDataset(m_dir.path()));
        m_window = new MainWindow;
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        QSignalSpy loaded(m_window, &MainWindow::datasetChanged);
        m_window->openPaths({m_dir.path() + QStringLiteral("/annotations/gt.json"),
                             m_dir.path() + QStringLiteral("/annotations/det.json")});
        QVERIFY(loaded.wait(kTimeoutMs));
        QSignalSpy done(m_window, &MainWindow::resultChanged);
        QVERIFY(m_window->startRun());
        QVERIFY(done.wait(kTimeoutMs));
        m_panel = m_window->findChild<ImagesPanel*>(QStringLiteral("imagesPanel"));
        QVERIFY(m_panel);
        // The user opens the Images tab.
        QTabWidget* tabs = tabsOf(m_panel);
        QVERIFY(tabs);
        const int tab = tabs->indexOf(m_panel);
        QVERIFY(tab >= 0);
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(tab).center());
        QCOMPARE(tabs->currentWidget(), m_panel);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->isReady(), kTimeoutMs);
        typeThreshold(*m_window, QStringLiteral("0.5"));
        QCOMPARE(m_panel->model()->threshold(), 0.5);
    }

    void cleanupTestCase() { delete m_window; }

    void countsSumToTheRun()
    {
        GalleryModel* m = m_panel->model();
        QCOMPARE(m->rowCount(), 6);
        QCOMPARE(sum(*m), (Counts{3, 2, 3}));
        const auto r = m_window->result();
        const ThresholdCounter total(r->match, std::nullopt, r->request.sweep.pluginParity);
        QCOMPARE(sum(*m), total.at(0.5));
        QVERIFY(m_panel->summary()->text().contains(QStringLiteral("TP 3 · FP 2 · FN 3")));
    }

    void thumbnailsDecodeOffTheGuiThread()
    {
        ImageSource* images = m_panel->imageSource();
        GalleryModel* m = m_panel->model();
        // Every visible cell asked for its thumbnail; five files exist, one does not.
        QTRY_VERIFY_WITH_TIMEOUT(ImageSource::decodeCount() >= 5, kTimeoutMs);
        QCOMPARE(ImageSource::guiThreadDecodeCount(), 0);
        for (int row = 0; row < m->rowCount(); ++row) {
            const SampleIndex s = m->sampleAt(row);
            QTRY_VERIFY_WITH_TIMEOUT(images->location(s) != nullptr, kTimeoutMs);
            const bool missing = fileAt(*m, row) == QStringLiteral("f.png");
            QCOMPARE(images->location(s)->found, !missing);
            if (!missing)
                QCOMPARE(images->thumbnail(s).size(), QSize(160, 120));
        }
        // Found through ../images from the annotations folder.
        QCOMPARE(QString::fromStdString(images->location(0)->path.string()),
                 QDir::cleanPath(m_dir.path() + QStringLiteral("/annotations/../images/a.png")));
    }

    void sortAndFilter()
    {
        GalleryModel* m = m_panel->model();
        // Most errors (default): b (2), then a, d, e (1 each, file order), then c, f (0).
        QCOMPARE(fileAt(*m, 0), QStringLiteral("b.png"));
        QCOMPARE(fileAt(*m, 5), QStringLiteral("f.png"));
        chooseEntry(m_panel->sortBox(), QStringLiteral("Most false positives"));
        QCOMPARE(m->sort(), GalleryModel::Sort::MostFalsePositives);
        QCOMPARE(fileAt(*m, 0), QStringLiteral("a.png"));
        QCOMPARE(fileAt(*m, 1), QStringLiteral("d.png"));
        chooseEntry(m_panel->sortBox(), QStringLiteral("Most misses"));
        QCOMPARE(fileAt(*m, 0), QStringLiteral("b.png"));
        QCOMPARE(fileAt(*m, 1), QStringLiteral("e.png"));
        // Lowest F1: b, d, e have F1 0 (file order), then a (2/3), then c and f (1).
        chooseEntry(m_panel->sortBox(), QStringLiteral("Lowest F1"));
        QStringList order;
        for (int row = 0; row < m->rowCount(); ++row)
            order << fileAt(*m, row);
        QCOMPARE(order.join(QLatin1Char(',')), QStringLiteral("b.png,d.png,e.png,a.png,c.png,f.png"));
        chooseEntry(m_panel->sortBox(), QStringLiteral("File name"));
        QCOMPARE(fileAt(*m, 0), QStringLiteral("a.png"));

        chooseEntry(m_panel->errorBox(), QStringLiteral("With misses"));
        QCOMPARE(m->rowCount(), 2); // b, e
        chooseEntry(m_panel->errorBox(), QStringLiteral("With errors"));
        QCOMPARE(m->rowCount(), 4); // a, b, d, e
        chooseEntry(m_panel->errorBox(), QStringLiteral("With false positives"));
        QCOMPARE(m->rowCount(), 2); // a, d
        chooseEntry(m_panel->errorBox(), QStringLiteral("All images"));
        QCOMPARE(m->rowCount(), 6);

        // Class "dog": images with a dog (a: its FP, b, c, f); its counts only.
        chooseEntry(m_panel->classBox(), QStringLiteral("dog"));
        QCOMPARE(m->rowCount(), 4);
        QCOMPARE(sum(*m), (Counts{2, 1, 1}));
        chooseEntry(m_panel->classBox(), QStringLiteral("All classes"));
        QCOMPARE(m->rowCount(), 6);
    }

    void classRowShowsItsImages()
    {
        // Double-clicking the class table's "cat" row shows the cat images.
        ClassPanel* classes = m_window->classPanel();
        QTableView* table = classes->view();
        QModelIndex cat;
        for (int row = 0; row < classes->proxy()->rowCount(); ++row)
            if (classes->proxy()->index(row, 0).data().toString() == QStringLiteral("cat"))
                cat = classes->proxy()->index(row, 0);
        QVERIFY(cat.isValid());
        QTabWidget* tabs = tabsOf(m_panel);
        tabs->setCurrentIndex(0);
        const QPoint at = table->visualRect(cat).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(tabs->currentWidget(), m_panel);
        QCOMPARE(m_panel->classBox()->currentText(), QStringLiteral("cat"));
        QCOMPARE(m_panel->model()->rowCount(), 5); // a, b, c (its FP), d, e
        QCOMPARE(sum(*m_panel->model()), (Counts{1, 1, 2}));
        // Clearing the class selection in the table shows all again.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, at);
        QTRY_COMPARE(m_panel->classBox()->currentText(), QStringLiteral("All classes"));
        QCOMPARE(m_panel->model()->rowCount(), 6);
    }

    void doubleClickOpensTheViewerAndKeysMove()
    {
        GalleryModel* m = m_panel->model();
        chooseEntry(m_panel->sortBox(), QStringLiteral("File name"));
        QListView* view = m_panel->view();
        const QModelIndex first = m->index(0);
        view->scrollTo(first);
        // A double-click is a press, a release, then the double-click on the same item.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(first).center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(first).center());
        ImageViewer* viewer = m_panel->viewer();
        QTRY_VERIFY(viewer->isVisible());
        QCOMPARE(viewer->row(), 0);
        QCOMPARE(*viewer->sample(), m->sampleAt(0));
        QVERIFY(viewer->title()->text().contains(QStringLiteral("a.png")));
        QCOMPARE(viewer->countsLabel()->text(), QStringLiteral("at 0.500: TP 1 · FP 1 · FN 0"));
        QTRY_VERIFY_WITH_TIMEOUT(viewer->canvas()->hasImage(), kTimeoutMs);
        QCOMPARE(ImageSource::guiThreadDecodeCount(), 0);
        // The boxes drawn are the index's, with their statuses: GT cat found, TP cat, FP dog.
        const auto& boxes = viewer->canvas()->boxes();
        QCOMPARE(boxes.size(), std::size_t{3});
        QCOMPARE(boxKind(boxes[0]), BoxKind::GroundTruth);
        QCOMPARE(boxKind(boxes[1]), BoxKind::TruePositive);
        QCOMPARE(boxKind(boxes[2]), BoxKind::FalsePositive);

        QTest::keyClick(viewer, Qt::Key_Right);
        QCOMPARE(viewer->row(), 1);
        QVERIFY(viewer->title()->text().contains(QStringLiteral("b.png")));
        QCOMPARE(view->currentIndex().row(), 1);
        QTest::keyClick(viewer, Qt::Key_Left);
        QCOMPARE(viewer->row(), 0);
        QTest::keyClick(viewer, Qt::Key_Left); // no image before the first
        QCOMPARE(viewer->row(), 0);

        // The last (f.png) has no file: a blank canvas naming where it was expected.
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(viewer, Qt::Key_Right);
        QCOMPARE(viewer->row(), 5);
        QTRY_VERIFY_WITH_TIMEOUT(!viewer->canvas()->missingPath().isEmpty(), kTimeoutMs);
        QVERIFY(viewer->canvas()->missingPath().endsWith(QStringLiteral("f.png")));
        const QRectF canvas = viewer->canvas()->imageRect();
        QVERIFY(qAbs(canvas.width() / canvas.height() - 200.0 / 150.0) < 1e-9);

        // A toggle hides a kind.
        QCheckBox* tp = viewer->kindToggle(BoxKind::TruePositive);
        QVERIFY(tp->isChecked());
        QTest::mouseClick(tp, Qt::LeftButton, {}, QPoint(20, tp->height() / 2));
        QVERIFY(!tp->isChecked());
        QTest::mouseClick(tp, Qt::LeftButton, {}, QPoint(20, tp->height() / 2));
        QVERIFY(tp->isChecked());
    }

    void sliderChangesCountsAndColours()
    {
        GalleryModel* m = m_panel->model();
        ImageViewer* viewer = m_panel->viewer();
        viewer->showRow(m->rowOf(2)); // c.png (sample index 2)
        QCOMPARE(viewer->countsLabel()->text(), QStringLiteral("at 0.500: TP 1 · FP 0 · FN 0"));
        QCOMPARE(boxKind(viewer->canvas()->boxes()[2]), BoxKind::BelowThreshold); // cat 0.3
        auto* slider = m_window->findChild<QSlider*>(QStringLiteral("thresholdSlider"));
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(m->threshold(), 0.0);
        QCOMPARE(sum(*m), (Counts{4, 3, 2}));
        QCOMPARE(viewer->countsLabel()->text(), QStringLiteral("at 0.000: TP 1 · FP 1 · FN 0"));
        QCOMPARE(boxKind(viewer->canvas()->boxes()[2]), BoxKind::FalsePositive);
        QTest::keyClick(slider, Qt::Key_End);
        QCOMPARE(m->threshold(), 1.0);
        QCOMPARE(sum(*m), (Counts{0, 0, 6}));
        QCOMPARE(boxKind(viewer->canvas()->boxes()[0]), BoxKind::Missed);
        const auto r = m_window->result();
        const ThresholdCounter total(r->match, std::nullopt, r->request.sweep.pluginParity);
        QCOMPARE(sum(*m), total.at(1.0));
    }

    void scrollingTwentyThousandImagesKeepsTheEventLoopFree()
    {
        // 20,000 synthetic images, every one a link to the same real JPEG, so each thumbnail is
        // really decoded: scroll from top to bottom page by page while a 5 ms heartbeat measures
        // the GUI thread's work between two ticks. The cache stays within its bound.
        QTemporaryDir dir;
        SyntheticSpec spec;
        spec.images = 20000;
        spec.models = exampleModels();
        const auto paths =
            writeSynthetic(spec, std::filesystem::path(dir.path().toStdString()) / "annotations");
        QDir(dir.path()).mkpath(QStringLiteral("images"));
        QImage picture(640, 480, QImage::Format_RGB32);
        picture.fill(QColor(90, 140, 200));
        const QString jpeg = dir.filePath(QStringLiteral("picture.jpg"));
        QVERIFY(picture.save(jpeg));
        for (int i = 1; i <= spec.images; ++i)
            QVERIFY(QFile::link(jpeg, dir.filePath(QStringLiteral("images/synthetic_%1.jpg").arg(i))));
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        w.openPaths({QString::fromStdString(paths[0].string()), QString::fromStdString(paths[1].string())});
        QVERIFY(loaded.wait(kTimeoutMs));
        QSignalSpy done(&w, &MainWindow::resultChanged);
        QVERIFY(w.startRun());
        QVERIFY(done.wait(kTimeoutMs));
        auto* panel = w.findChild<ImagesPanel*>(QStringLiteral("imagesPanel"));
        QTabWidget* tabs = tabsOf(panel);
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {},
                          tabs->tabBar()->tabRect(tabs->indexOf(panel)).center());
        QTRY_VERIFY_WITH_TIMEOUT(panel->isReady(), kTimeoutMs);
        QCOMPARE(panel->model()->rowCount(), spec.images);
        const int decodesBefore = ImageSource::decodeCount();

        double last = threadCpuMs(), maxWork = 0;
        QElapsedTimer wall;
        wall.start();
        qint64 lastWall = 0, maxGap = 0;
        QTimer heartbeat;
        heartbeat.setInterval(5);
        connect(&heartbeat, &QTimer::timeout, [&] {
            const double now = threadCpuMs();
            maxWork = std::max(maxWork, now - last);
            last = now;
            maxGap = std::max(maxGap, wall.elapsed() - lastWall);
            lastWall = wall.elapsed();
        });
        heartbeat.start();
        QListView* view = panel->view();
        view->setFocus();
        QScrollBar* bar = view->verticalScrollBar();
        int pages = 0;
        while (bar->value() < bar->maximum() && pages < 6000) {
            QTest::keyClick(view, Qt::Key_PageDown);
            QTest::qWait(2);
            ++pages;
        }
        QCOMPARE(bar->value(), bar->maximum());
        // A threshold change re-sorts and redraws all 20,000 while the heartbeat runs.
        auto* slider = w.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageUp);
        QTest::qWait(50);
        heartbeat.stop();
        const qsizetype cached = panel->imageSource()->cachedBytes();
        qInfo("%d pages scrolled; GUI work per heartbeat gap at most %.1f ms, longest gap %lld ms; %d "
              "thumbnails "
              "decoded; %.1f MB cached",
              pages, maxWork, maxGap, ImageSource::decodeCount() - decodesBefore, double(cached) / (1 << 20));
        QVERIFY(ImageSource::decodeCount() > decodesBefore);
        QCOMPARE(ImageSource::guiThreadDecodeCount(), 0);
        QVERIFY2(maxWork < 100, qPrintable(QStringLiteral("%1 ms").arg(maxWork)));
        QVERIFY(cached <= ImageSource::kCacheBytes);
    }

    void showsAGivenSetOfImages()
    {
        GalleryModel* m = m_panel->model();
        m_panel->showImages({1, 4}, QStringLiteral("two images"));
        QCOMPARE(m->rowCount(), 2);
        QVERIFY(m_panel->summary()->text().contains(QStringLiteral("two images")));
        auto* clear = m_panel->findChild<QPushButton*>(QStringLiteral("galleryShowAll"));
        QVERIFY(clear && clear->isVisible());
        QTest::mouseClick(clear, Qt::LeftButton);
        QCOMPARE(m->rowCount(), 6);
    }
};

OPTCONF_UI_TEST_MAIN(TestUiImages)
#include "tst_ui_images.moc"
