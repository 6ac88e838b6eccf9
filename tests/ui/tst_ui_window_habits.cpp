// SPDX-License-Identifier: MIT
// Window habits, driven with real events: the Objective row through protocol switches, a restored
// window that fits its screen, load warnings in the window and a load progress bar that moves,
// a chart title that stops saying "partial" once matching is done, long field names that do not
// widen the left panel, and folders opened as a user picks them.
#include "gui_test_main.h"

#include "core/example/synthetic.h"
#include "resources/bundled_example.h"
#include "ui/charts/curve_chart.h"
#include "ui/jobs/dataset_loader_job.h"
#include "ui/jobs/run_controller.h"
#include "ui/panels/data_panel.h"
#include "ui/panels/load_warnings_panel.h"
#include "ui/panels/run_panel.h"
#include "ui/panels/settings_panel.h"
#include "ui/window/main_window.h"

#include <QAbstractItemView>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUrl>

using namespace optconf;

namespace {

constexpr int kLoadTimeoutMs = 60000;
constexpr int kRunTimeoutMs = 60000;

bool load(MainWindow& w, const QStringList& paths)
{
    QSignalSpy loaded(&w, &MainWindow::datasetChanged);
    w.openPaths(paths);
    return loaded.wait(kLoadTimeoutMs);
}

bool run(MainWindow& w)
{
    QSignalSpy done(&w, &MainWindow::resultChanged);
    return w.startRun() && done.wait(kRunTimeoutMs);
}

const QString kFormats = QStringLiteral(OPTCONF_TEST_DATA "/formats/same/");

QScrollArea* leftScroll(MainWindow& w)
{
    for (QScrollArea* s : w.findChildren<QScrollArea*>())
        if (s->widget() && s->widget()->isAncestorOf(w.dataPanel()))
            return s;
    return nullptr;
}

} // namespace

class TstWindowHabits final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void init() { QSettings(QStringLiteral("OptConf"), QStringLiteral("OptConf")).clear(); }

    void objectiveRowStaysThroughProtocolSwitches()
    {
        MainWindow w;
        QVERIFY(load(w, bundledExamplePaths()));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        SettingsPanel* panel = w.settingsPanel();
        auto* protocol = panel->findChild<QComboBox*>(QStringLiteral("protocol"));
        auto* objective = panel->findChild<QComboBox*>(QStringLiteral("objective"));
        auto* minPrecision = panel->findChild<QWidget*>(QStringLiteral("minPrecision"));
        QVERIFY(protocol && objective && minPrecision);
        const auto objectiveRowIsShown = [&] {
            // Visible, with its height, and not covered by the row below it.
            const QRect row(objective->mapTo(panel, QPoint(0, 0)), objective->size());
            const QRect below(minPrecision->mapTo(panel, QPoint(0, 0)), minPrecision->size());
            return objective->isVisibleTo(panel) &&
                   objective->height() >= objective->minimumSizeHint().height() && !row.intersects(below) &&
                   panel->rect().contains(row);
        };
        QVERIFY(objectiveRowIsShown());
        // Switching protocol changes no row of the form: the objective row keeps its place.
        const QPoint objectiveAt = objective->mapTo(panel, QPoint(0, 0));
        const auto samePlace = [&] { return objective->mapTo(panel, QPoint(0, 0)) == objectiveAt; };
        for (int round = 0; round < 6; ++round) {
            // By keyboard: focus the combo box and step to the other protocol.
            protocol->setFocus(Qt::TabFocusReason);
            QTRY_VERIFY(protocol->hasFocus());
            QTest::keyClick(protocol, round % 2 == 0 ? Qt::Key_Down : Qt::Key_Up);
            QCOMPARE(protocol->currentIndex(), round % 2 == 0 ? 1 : 0);
            QCoreApplication::processEvents();
            QVERIFY2(objectiveRowIsShown(), qPrintable(QStringLiteral("keyboard, round %1").arg(round)));
            QVERIFY2(samePlace(), qPrintable(QStringLiteral("keyboard, round %1").arg(round)));
            // By mouse: open the list and click the other entry.
            QTest::mouseClick(protocol, Qt::LeftButton);
            QAbstractItemView* popup = protocol->view();
            QTRY_VERIFY(popup->isVisible());
            // A release within the double-click interval of opening is taken as the opening click's.
            QTest::qWait(QApplication::doubleClickInterval() + 100);
            const QModelIndex other = popup->model()->index(1 - protocol->currentIndex(), 0);
            QTest::mouseClick(popup->viewport(), Qt::LeftButton, {}, popup->visualRect(other).center());
            QTRY_VERIFY(!popup->isVisible());
            QCOMPARE(protocol->currentIndex(), other.row());
            QCoreApplication::processEvents();
            QVERIFY2(objectiveRowIsShown(), qPrintable(QStringLiteral("mouse, round %1").arg(round)));
            QVERIFY2(samePlace(), qPrintable(QStringLiteral("mouse, round %1").arg(round)));
        }
    }

    void restoredGeometryFitsTheScreen()
    {
        QScreen* screen = QGuiApplication::primaryScreen();
        QVERIFY(screen);
        const QRect available = screen->availableGeometry();
        {
            // A window saved larger than this screen and partly off it (another monitor, another
            // scale factor).
            QWidget big;
            big.setGeometry(available.x() + available.width() / 2, available.y() + 40, available.width() * 2,
                            available.height() * 2);
            QSettings(QStringLiteral("OptConf"), QStringLiteral("OptConf"))
                .setValue(QStringLiteral("window/geometry"), big.saveGeometry());
        }
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(available.contains(w.frameGeometry()),
                 qPrintable(QStringLiteral("%1,%2 %3x%4 is not within %5,%6 %7x%8")
                                .arg(w.frameGeometry().x())
                                .arg(w.frameGeometry().y())
                                .arg(w.frameGeometry().width())
                                .arg(w.frameGeometry().height())
                                .arg(available.x())
                                .arg(available.y())
                                .arg(available.width())
                                .arg(available.height())));
    }

    void loadWarningsAreListedInTheWindow()
    {
        const QString gt = kFormats + QStringLiteral("coco/ground_truth.json");
        QFile in(kFormats + QStringLiteral("coco/detA.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonArray results = QJsonDocument::fromJson(in.readAll()).array();
        // Two results naming a category the ground truth lacks (one warning, counted twice) and
        // one without a score.
        for (int i : {0, 2}) {
            QJsonObject r = results[i].toObject();
            r[QStringLiteral("category_id")] = 77 + i;
            results[i] = r;
        }
        QJsonObject unscored = results[1].toObject();
        unscored.remove(QStringLiteral("score"));
        results[1] = unscored;
        const QString odd = m_dir.filePath(QStringLiteral("odd.json"));
        QFile out(odd);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(results).toJson());
        out.close();

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, {gt, odd}));
        auto* panel = w.findChild<LoadWarningsPanel*>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        QCOMPARE(panel->header()->text(), QStringLiteral("2 load warnings"));
        QVERIFY(!panel->list()->isVisible());
        QTest::mouseClick(panel->header(), Qt::LeftButton);
        QTRY_VERIFY(panel->list()->isVisible());
        QCOMPARE(panel->list()->count(), 2);
        const QString first = panel->list()->item(0)->text(), second = panel->list()->item(1)->text();
        QVERIFY2(first.contains(QStringLiteral("odd.json: /0/category_id: warning:")) &&
                     first.contains(QStringLiteral("(2 times)")),
                 qPrintable(first));
        QVERIFY2(second.contains(QStringLiteral("odd.json: /1: warning: result without a \"score\"")),
                 qPrintable(second));
        QTest::mouseClick(panel->header(), Qt::LeftButton);
        QTRY_VERIFY(!panel->list()->isVisible());

        // A clean load hides the panel.
        QVERIFY(load(w, bundledExamplePaths()));
        QVERIFY(!panel->isVisible());
    }

    void loadProgressBarMoves()
    {
        SyntheticSpec spec;
        spec.images = 30000;
        spec.models = exampleModels();
        spec.models.resize(1);
        const auto paths = writeSynthetic(spec, m_dir.filePath(QStringLiteral("big")).toStdString());
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy progress(w.loaderJob(), &DatasetLoaderJob::progress);
        QSignalSpy bar(w.runPanel()->progressBar(), &QProgressBar::valueChanged);
        QVERIFY(
            load(w, {QString::fromStdString(paths[0].string()), QString::fromStdString(paths[1].string())}));
        QSet<double> fractions;
        for (const QList<QVariant>& p : progress)
            fractions.insert(p.at(0).toDouble());
        QVERIFY2(fractions.size() > 2,
                 qPrintable(QStringLiteral("%1 distinct values").arg(fractions.size())));
        QSet<int> values;
        for (const QList<QVariant>& v : bar)
            values.insert(v.at(0).toInt());
        QVERIFY2(values.size() > 2, qPrintable(QStringLiteral("%1 distinct bar values").arg(values.size())));
    }

    void chartTitleIsNotPartialOnceMatched()
    {
        SyntheticSpec spec;
        spec.images = 4000;
        spec.models = exampleModels();
        spec.models.resize(1);
        const auto paths = writeSynthetic(spec, m_dir.filePath(QStringLiteral("partial")).toStdString());
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(
            load(w, {QString::fromStdString(paths[0].string()), QString::fromStdString(paths[1].string())}));
        w.runController()->setDeliveryInterval(0); // every partial curve and stage reaches the window
        QStringList afterMatching;
        bool sawPartial = false;
        connect(w.runController(), &RunController::partialCurve, this, [&] {
            sawPartial = sawPartial || w.curveChart()->subtitle().startsWith(QStringLiteral("partial"));
        });
        connect(w.runController(), &RunController::progress, this, [&](const RunProgress& p) {
            if (p.stage != EvaluationStage::Match)
                afterMatching << w.curveChart()->subtitle();
        });
        QVERIFY(run(w));
        QVERIFY(sawPartial); // it did say so while matching
        QVERIFY(!afterMatching.isEmpty());
        for (const QString& s : afterMatching)
            QVERIFY2(!s.contains(QStringLiteral("partial")), qPrintable(s));
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        const QString title = w.curveChart()->chart()->title();
        QVERIFY2(!title.contains(QStringLiteral("partial")), qPrintable(title));
    }

    void longFieldNamesDoNotWidenTheLeftPanel()
    {
        const QString longName =
            QString(QStringLiteral("yolov8x_finetuned_on_warehouse_cameras_batch")).repeated(3).left(120);
        QCOMPARE(longName.size(), 120);
        const QString folder = m_dir.filePath(QStringLiteral("long"));
        QVERIFY(QDir().mkpath(folder));
        const QString gt = folder + QStringLiteral("/ground_truth.json");
        const QString pred = folder + u'/' + longName + QStringLiteral(".json");
        QVERIFY(QFile::copy(kFormats + QStringLiteral("coco/ground_truth.json"), gt));
        QVERIFY(QFile::copy(kFormats + QStringLiteral("coco/detA.json"), pred));
        MainWindow w;
        w.show();
        w.resize(1024, 600);
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, {gt, pred}));
        QCOMPARE(w.dataPanel()->predictionField(), longName);
        QCoreApplication::processEvents();
        QScrollArea* scroll = leftScroll(w);
        QVERIFY(scroll);
        QTRY_VERIFY2(!scroll->horizontalScrollBar()->isVisible(),
                     qPrintable(QStringLiteral("content %1 px in a %2 px viewport")
                                    .arg(scroll->widget()->width())
                                    .arg(scroll->viewport()->width())));
        QPushButton* cancel = w.runPanel()->cancelButton();
        scroll->ensureWidgetVisible(cancel);
        QCoreApplication::processEvents();
        const QRect inViewport(cancel->mapTo(scroll->viewport(), QPoint(0, 0)), cancel->size());
        QVERIFY2(scroll->viewport()->rect().contains(inViewport),
                 qPrintable(QStringLiteral("Cancel at x %1..%2, viewport %3 px wide")
                                .arg(inViewport.left())
                                .arg(inViewport.right())
                                .arg(scroll->viewport()->width())));
        // The whole name is a hover away.
        auto* source = w.findChild<QLabel*>(QStringLiteral("predictionSource"));
        QVERIFY(source);
        QVERIFY(source->toolTip().contains(longName));
    }

    void foldersOpenAsAUserPicksThem()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // A folder of COCO files, dropped on the window.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(kFormats + QStringLiteral("coco"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QVERIFY(loaded.wait(kLoadTimeoutMs));
        QCOMPARE(w.dataset()->fields.size(), std::size_t(2));
        QCOMPARE(w.dataPanel()->groundTruthField(), QStringLiteral("ground_truth"));
        QCOMPARE(w.dataPanel()->predictionField(), QStringLiteral("detA"));
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("coco — ")));
        QVERIFY(run(w));

        // A YOLO data set's data.yaml, with its predictions folder: named after the data set.
        QVERIFY(load(
            w, {kFormats + QStringLiteral("yolo/data.yaml"), kFormats + QStringLiteral("yolo/detA/labels")}));
        QCOMPARE(w.dataPanel()->groundTruthField(), QStringLiteral("yolo"));
        QVERIFY2(w.windowTitle().startsWith(QStringLiteral("yolo — ")), qPrintable(w.windowTitle()));

        // An empty folder: the banner says so, and what was open stays.
        const QString empty = m_dir.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        QSignalSpy failed(&w, &MainWindow::loadFailed);
        w.openPaths({empty});
        QVERIFY(failed.wait(kLoadTimeoutMs));
        QVERIFY2(w.errorText().contains(QStringLiteral("the folder is empty")), qPrintable(w.errorText()));
        QCOMPARE(w.dataPanel()->groundTruthField(), QStringLiteral("yolo"));
    }
};

OPTCONF_UI_TEST_MAIN(TstWindowHabits)
#include "tst_ui_window_habits.moc"
