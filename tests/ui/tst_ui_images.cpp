// SPDX-License-Identifier: MIT
// The Images tab with real events on a hand-made COCO dataset with real PNG files (one missing):
// per-image counts against the run, sorting and filtering from the combo boxes, a double-click
// opening the viewer, arrow keys moving through the gallery, the threshold slider changing the
// counts and colours, and every decode off the GUI thread.
#include "gui_test_main.h"
#include "memory_limit.h"

#include "core/eval/confusion.h"
#include "core/eval/image_status.h"
#include "core/example/scene.h"
#include "core/example/synthetic.h"
#include "render/scene_picture.h"
#include "ui/charts/confusion_view.h"
#include "ui/images/gallery_model.h"
#include "ui/images/image_source.h"
#include "ui/images/image_viewer.h"
#include "ui/images/images_panel.h"
#include "ui/panels/class_panel.h"
#include "ui/panels/confusion_panel.h"
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
#include <QWheelEvent>

#include <ctime>
#include <set>

using namespace optconf;

namespace {

constexpr int kTimeoutMs = 60000;

/// Shows the window at `size`, opens the bundled example (the embedded one, whose pictures the
/// simulator paints) and runs it to the end.
bool showExampleAndRun(MainWindow& w, QSize size)
{
    w.resize(size);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return false;
    QSignalSpy loaded(&w, &MainWindow::datasetChanged);
    w.openExample();
    if (!loaded.wait(kTimeoutMs))
        return false;
    QSignalSpy done(&w, &MainWindow::resultChanged);
    return w.startRun() && done.wait(kTimeoutMs);
}

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

/// The process's resident memory in bytes (VmRSS), or -1 where /proc is not there.
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toLongLong() * 1024;
    return -1;
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
        // Only the cat's boxes are drawn: b.png (a cat and a dog) shows its cat and the cat's
        // prediction (below 0.5), not the dog.
        const auto& labels = m_window->dataset()->labels;
        const auto catLabel = LabelId(std::find(labels.begin(), labels.end(), "cat") - labels.begin());
        ImageViewer* viewer = m_panel->viewer();
        viewer->showRow(m_panel->model()->rowOf(1));
        const auto& drawn = viewer->canvas()->boxes();
        QCOMPARE(drawn.size(), std::size_t{2});
        for (const ImageBox& box : drawn)
            QCOMPARE(box.label, catLabel);
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
        // the GUI thread's work between two ticks. The thumbnail cache stays within its 64 MB and
        // the process's resident memory grows by less than kScrollMemoryBound while scrolling
        // (the cache, the decoders' buffers and the allocator's slack).
        constexpr qint64 kScrollMemoryBound = qint64{128} << 20;
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
        const qint64 residentBefore = residentBytes();

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
        // Until the last image is on screen: the batched layout may still be growing the bar.
        const QModelIndex lastImage = panel->model()->index(spec.images - 1);
        auto lastShown = [&] { return view->viewport()->rect().intersects(view->visualRect(lastImage)); };
        while ((bar->value() < bar->maximum() || !lastShown()) && pages < 6000) {
            QTest::keyClick(view, Qt::Key_PageDown);
            QTest::qWait(2);
            ++pages;
        }
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(lastShown());
        // A threshold change re-sorts and redraws all 20,000 while the heartbeat runs.
        auto* slider = w.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageUp);
        QTest::qWait(50);
        heartbeat.stop();
        const qsizetype cached = panel->imageSource()->cachedBytes();
        const qint64 grown = residentBytes() - residentBefore;
        qInfo("%d pages scrolled; GUI work per heartbeat gap at most %.1f ms, longest gap %lld ms; %d "
              "thumbnails "
              "decoded; %.1f MB cached; resident memory grew %.1f MB",
              pages, maxWork, maxGap, ImageSource::decodeCount() - decodesBefore, double(cached) / (1 << 20),
              double(grown) / (1 << 20));
        QVERIFY(ImageSource::decodeCount() > decodesBefore);
        QCOMPARE(ImageSource::guiThreadDecodeCount(), 0);
        QVERIFY2(maxWork < 100, qPrintable(QStringLiteral("%1 ms").arg(maxWork)));
        QVERIFY(cached <= ImageSource::kCacheBytes);
        // Under the sanitizers freed blocks wait in ASan's quarantine (256 MB) before reuse, so the
        // resident size measures the sanitizer; the cache's own bound above still holds.
        if (residentBefore >= 0 && !test::kSanitized)
            QVERIFY2(grown < kScrollMemoryBound, qPrintable(QStringLiteral("%1 MB").arg(grown >> 20)));
    }

    void theBundledExampleShowsPaintedPictures()
    {
        // The example's images are no files: the simulator's pictures are painted in the workers
        // and shown as thumbnails and in the viewer, never "image not found".
        MainWindow w;
        QVERIFY(showExampleAndRun(w, QSize(1400, 900)));
        auto* panel = w.findChild<ImagesPanel*>(QStringLiteral("imagesPanel"));
        QTabWidget* tabs = tabsOf(panel);
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {},
                          tabs->tabBar()->tabRect(tabs->indexOf(panel)).center());
        QTRY_VERIFY_WITH_TIMEOUT(panel->isReady(), kTimeoutMs);
        GalleryModel* m = panel->model();
        QCOMPARE(m->rowCount(), 300);
        ImageSource* images = panel->imageSource();
        const Dataset& dataset = *m->dataset();
        const LabelField& gt = *dataset.field("ground_truth");
        const SampleIndex first = m->sampleAt(0);
        QTRY_VERIFY_WITH_TIMEOUT(!images->thumbnail(first).isNull(), kTimeoutMs);
        QVERIFY(images->painted(first));
        QVERIFY(!images->location(first)->found); // painted, since there is no file
        // The thumbnail is the scene of that image painted at 160 x 120, and no other image's.
        const QImage thumb = images->thumbnail(first);
        QCOMPARE(thumb.size(), QSize(160, 120));
        QCOMPARE(thumb,
                 paintScene(describeScene(dataset.samples[first], gt.forSample(first), dataset.boxUnits),
                            ImageSource::kThumbnailSide));
        const SampleIndex second = m->sampleAt(1);
        QTRY_VERIFY_WITH_TIMEOUT(!images->thumbnail(second).isNull(), kTimeoutMs);
        QVERIFY(images->thumbnail(second) != thumb);
        QCOMPARE(ImageSource::guiThreadDecodeCount(), 0);

        // On screen: the first cell shows the picture (its pixels), not the grey canvas.
        QListView* view = panel->view();
        view->viewport()->repaint();
        const QImage shot = view->viewport()->grab().toImage();
        const QRect cell = view->visualRect(m->index(0));
        QSet<QRgb> colours;
        for (int y = cell.top() + 10; y < cell.top() + 90; y += 3)
            for (int x = cell.left() + 20; x < cell.right() - 20; x += 3)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 100, qPrintable(QString::number(colours.size())));

        // The viewer paints the full picture at the image's size.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        ImageViewer* viewer = panel->viewer();
        QTRY_VERIFY(viewer->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(viewer->canvas()->hasImage(), kTimeoutMs);
        QVERIFY(viewer->canvas()->missingPath().isEmpty());
        QCOMPARE(viewer->canvas()->image().size(), QSize(640, 480));
        QCOMPARE(ImageSource::guiThreadDecodeCount(), 0);
        QVERIFY(viewer->title()->text().contains(QStringLiteral("simulated picture")));

        // Zoom with the wheel about the cursor (the image point under it stays), + and - keys,
        // pan by dragging, 0 to fit again.
        ImageCanvas* canvas = viewer->canvas();
        const QRectF fitted = canvas->imageRect();
        const QPointF cursor = fitted.center() + QPointF(fitted.width() / 5, 0);
        const QPointF imagePoint = (cursor - fitted.topLeft()) / fitted.width();
        QWheelEvent wheel(cursor, canvas->mapToGlobal(cursor), {}, QPoint(0, 240), Qt::NoButton, {},
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas, &wheel);
        QCOMPARE(canvas->zoom(), 1.25 * 1.25);
        const QRectF zoomed = canvas->imageRect();
        QVERIFY(qAbs(zoomed.width() - fitted.width() * 1.5625) < 1e-6);
        QVERIFY(qAbs((cursor.x() - zoomed.left()) / zoomed.width() - imagePoint.x()) < 1e-9);
        QTest::keyClick(viewer, Qt::Key_Minus);
        QCOMPARE(canvas->zoom(), 1.25);
        QTest::keyClick(viewer, Qt::Key_Plus);
        QCOMPARE(canvas->zoom(), 1.25 * 1.25);
        const QPointF before = canvas->offset();
        const QPoint from = canvas->rect().center();
        QTest::mousePress(canvas, Qt::LeftButton, {}, from);
        QTest::mouseMove(canvas, from + QPoint(40, 25));
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, from + QPoint(40, 25));
        QCOMPARE(canvas->offset(), before + QPointF(40, 25));
        QTest::keyClick(viewer, Qt::Key_0);
        QCOMPARE(canvas->zoom(), 1.0);
        QCOMPARE(canvas->imageRect(), fitted);
        viewer->hide();
    }

    void confusionCellOpensItsImages()
    {
        // A double-click on a confusion-matrix cell lists that cell's images in the gallery, each
        // of its objects and predictions pointed out; so does the cell's "Show in Images" button.
        MainWindow w;
        QVERIFY(showExampleAndRun(w, QSize(1600, 1000)));
        auto* images = w.findChild<ImagesPanel*>(QStringLiteral("imagesPanel"));
        auto* confusion = w.findChild<ConfusionPanel*>();
        QTabWidget* tabs = tabsOf(confusion);
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {},
                          tabs->tabBar()->tabRect(tabs->indexOf(confusion)).center());
        QCOMPARE(tabs->currentWidget(), confusion);
        QTRY_VERIFY_WITH_TIMEOUT(confusion->analysis() != nullptr, kTimeoutMs);

        // The oracle: the engine's matrix built here; its most confused cell at the threshold.
        const auto result = w.result();
        const Dataset& d = *w.dataset();
        const LabelField& gt = *d.field(result->request.groundTruthField);
        const LabelField& pred = *d.field(result->request.predictionField);
        const ConfusionMatrix oracle(d, gt, pred, result->request.match);
        const double t = *w.resultsPanel()->selectedThreshold();
        const auto pairs = oracle.mostConfused(t, 1);
        QVERIFY(!pairs.empty());
        const auto entries = oracle.entries(pairs[0].row, pairs[0].column, t);
        std::set<SampleIndex> cellImages;
        std::set<std::pair<BoxRole, std::uint32_t>> pointedOut;
        for (const ConfusionEntry& e : entries) {
            cellImages.insert(e.image);
            if (e.object >= 0)
                pointedOut.emplace(BoxRole::GroundTruth, gt.offsets[e.image] + std::uint32_t(e.object));
            if (e.prediction >= 0)
                pointedOut.emplace(BoxRole::Prediction, pred.offsets[e.image] + std::uint32_t(e.prediction));
        }
        QVERIFY(cellImages.size() >= 2);

        ConfusionView* view = confusion->view();
        const QPoint at = view->cellCenter(int(pairs[0].row), int(pairs[0].column));
        QTest::mouseDClick(view, Qt::LeftButton, {}, at);
        QCOMPARE(tabs->currentWidget(), images);
        QTRY_VERIFY_WITH_TIMEOUT(images->isReady(), kTimeoutMs);
        auto gallerySet = [&] {
            std::set<SampleIndex> shown;
            for (int row = 0; row < images->model()->rowCount(); ++row)
                shown.insert(images->model()->sampleAt(row));
            return shown;
        };
        QTRY_VERIFY_WITH_TIMEOUT(images->model()->hasSubset(), kTimeoutMs);
        QCOMPARE(gallerySet(), cellImages);
        QVERIFY(images->summary()->text().contains(
            view->cellText(int(pairs[0].row), int(pairs[0].column)).section(QLatin1Char('\n'), 0, 0)));
        // Exactly the cell's objects and predictions are pointed out in those images.
        std::set<std::pair<BoxRole, std::uint32_t>> highlighted;
        const ImageStatusIndex* index = images->model()->statusIndex();
        for (const SampleIndex s : cellImages)
            for (const ImageBox& b : index->boxes(s, images->model()->threshold()))
                if (images->model()->isHighlighted(b))
                    highlighted.emplace(b.role, b.detection);
        QCOMPARE(highlighted, pointedOut);

        // "Show all images" lifts it; the cell's button brings it back.
        QTest::mouseClick(images->findChild<QPushButton*>(QStringLiteral("galleryShowAll")), Qt::LeftButton);
        QCOMPARE(images->model()->rowCount(), 300);
        QVERIFY(!images->model()->hasHighlights());
        tabs->setCurrentWidget(confusion);
        QTest::mouseClick(confusion->showInImagesButton(), Qt::LeftButton);
        QCOMPARE(tabs->currentWidget(), images);
        QCOMPARE(gallerySet(), cellImages);
        QVERIFY(images->model()->hasHighlights());
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
