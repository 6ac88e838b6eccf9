// SPDX-License-Identifier: MIT
// Image resolution per format: found beside the labels, found through a relative path, missing
// (named where it was expected), and the user's folder first.
#include "core/io/image_paths.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

namespace fs = std::filesystem;
using namespace optconf;

namespace {
void touch(const fs::path& p)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
}

LabelField field(const std::string& format, const fs::path& source)
{
    LabelField f;
    f.format = format;
    f.source = source.string();
    return f;
}

Sample sample(const std::string& fileName)
{
    Sample s;
    s.id = fileName;
    s.fileName = fileName;
    return s;
}
} // namespace

class TestImagePaths : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path root() const { return fs::path(m_dir.path().toStdString()); }

private slots:
    void coco()
    {
        // dataset/annotations/gt.json with images in dataset/images (../images from the file).
        const fs::path gt = root() / "coco/annotations/gt.json";
        touch(gt);
        touch(root() / "coco/images/a.jpg");
        touch(root() / "coco/annotations/b.png");
        touch(root() / "coco/annotations/images/sub/c.jpg");
        const auto folders = imageFolders(field("COCO ground truth", gt));
        QCOMPARE(locateImage(sample("a.jpg"), folders).path, root() / "coco/images/a.jpg");
        QVERIFY(locateImage(sample("a.jpg"), folders).found);
        QCOMPARE(locateImage(sample("b.png"), folders).path, root() / "coco/annotations/b.png");
        // A relative path with a folder in it.
        QCOMPARE(locateImage(sample("sub/c.jpg"), folders).path,
                 root() / "coco/annotations/images/sub/c.jpg");
        const ImageLocation missing = locateImage(sample("gone.jpg"), folders);
        QVERIFY(!missing.found);
        QCOMPARE(missing.path, root() / "coco/annotations/gone.jpg");
        // No file name at all: nothing to look for.
        QVERIFY(locateImage(sample(""), folders).path.empty());
    }

    void userFolderFirst()
    {
        const fs::path gt = root() / "user/gt.json";
        touch(gt);
        touch(root() / "user/a.jpg");
        touch(root() / "elsewhere/a.jpg");
        const auto folders = imageFolders(field("COCO ground truth", gt), root() / "elsewhere");
        QCOMPARE(locateImage(sample("a.jpg"), folders).path, root() / "elsewhere/a.jpg");
        // An absolute file name is taken as it is.
        QCOMPARE(locateImage(sample((root() / "user/a.jpg").string()), folders).path, root() / "user/a.jpg");
        QVERIFY(!locateImage(sample((root() / "user/none.jpg").string()), folders).found);
        QCOMPARE(locateImage(sample((root() / "user/none.jpg").string()), folders).path,
                 root() / "user/none.jpg");
    }

    void fiftyOne()
    {
        // FiftyOneDataset export: filepath relative to the export folder.
        const fs::path exportDir = root() / "fo";
        touch(exportDir / "samples.json");
        touch(exportDir / "data/x.jpg");
        const auto folders = imageFolders(field("FiftyOne dataset", exportDir));
        QCOMPARE(locateImage(sample("data/x.jpg"), folders).path, exportDir / "data/x.jpg");
        // FiftyOneImageDetectionDataset: the labels file's folder.
        const auto detections = imageFolders(field("FiftyOne image detections", exportDir / "labels.json"));
        QCOMPARE(locateImage(sample("data/x.jpg"), detections).path, exportDir / "data/x.jpg");
        QVERIFY(!locateImage(sample("data/y.jpg"), folders).found);
    }

    void yolo()
    {
        // images/val beside labels/val; the sample names the label file's stem.
        touch(root() / "yolo/images/val/0001.png");
        touch(root() / "yolo/labels/val/0001.txt");
        const auto folders = imageFolders(field("YOLO ground truth", root() / "yolo/labels/val"));
        QCOMPARE(locateImage(sample("0001"), folders).path, root() / "yolo/images/val/0001.png");
        const ImageLocation missing = locateImage(sample("0002"), folders);
        QVERIFY(!missing.found);
        QCOMPARE(missing.path, root() / "yolo/images/val/0002");
    }

    void voc()
    {
        touch(root() / "voc/JPEGImages/2007_000027.jpg");
        touch(root() / "voc/Annotations/2007_000027.xml");
        const auto folders = imageFolders(field("Pascal VOC", root() / "voc/Annotations"));
        QCOMPARE(locateImage(sample("2007_000027.jpg"), folders).path,
                 root() / "voc/JPEGImages/2007_000027.jpg");
        // One XML file as the source: the same folders.
        const auto single = imageFolders(field("Pascal VOC", root() / "voc/Annotations/2007_000027.xml"));
        QVERIFY(locateImage(sample("2007_000027.jpg"), single).found);
        QVERIFY(!locateImage(sample("2007_000028.jpg"), folders).found);
    }

    void csv()
    {
        // The image column's value, relative to the CSV file's folder.
        touch(root() / "csv/boxes.csv");
        touch(root() / "csv/pics/p.bmp");
        touch(root() / "csv/images/q.jpg");
        const auto folders = imageFolders(field("CSV ground truth", root() / "csv/boxes.csv"));
        QCOMPARE(locateImage(sample("pics/p.bmp"), folders).path, root() / "csv/pics/p.bmp");
        QCOMPARE(locateImage(sample("q.jpg"), folders).path, root() / "csv/images/q.jpg");
        QVERIFY(!locateImage(sample("r.jpg"), folders).found);
    }
};

QTEST_APPLESS_MAIN(TestImagePaths)
#include "tst_image_paths.moc"
