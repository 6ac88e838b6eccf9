// SPDX-License-Identifier: MIT
// What users read stays readable whatever the input holds: a value in a message is quoted to at
// most ~80 bytes with its size, control characters (a NUL, an escape sequence) are written as
// \xNN in messages and in the terminal table, and a NUL in a label never cuts the table short.
#include "cli_run.h"
#include "core/io/loader.h"
#include "core/model/diagnostics.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace optconf;

namespace {

using Run = optconf::test::CliRun;

Run cli(const QStringList& arguments)
{
    return optconf::test::runOptconfCli(arguments);
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

} // namespace

class TestMessages : public QObject
{
    Q_OBJECT

private slots:
    void quotedValuesAreCutWithTheirSize()
    {
        QCOMPARE(quotedValue("0.5x"), std::string("'0.5x'"));
        const std::string huge(10000000, '7');
        const std::string q = quotedValue(huge);
        QVERIFY2(q.size() < 120, q.c_str());
        QVERIFY2(q.find("\u2026' (10000000 bytes)") != std::string::npos, q.c_str());
        // Never in the middle of a UTF-8 character: 79 ASCII bytes then "é" (2 bytes) at the limit.
        const std::string accented = std::string(79, 'a') + "\u00e9" + std::string(100, 'b');
        const std::string cut = quotedValue(accented);
        QVERIFY2(cut.find(std::string(79, 'a') + "\u2026") != std::string::npos, cut.c_str());
    }

    void controlCharactersArePrintable()
    {
        QCOMPARE(printable(std::string("per\0son", 7)), std::string("per\\x00son"));
        QCOMPARE(printable("red\x1b[31m"), std::string("red\\x1b[31m"));
        QCOMPARE(printable("a\nb"), std::string("a\\x0ab"));
        QCOMPARE(printable("a\nb", true), std::string("a\nb"));
        QCOMPARE(printable("caf\u00e9"), std::string("caf\u00e9"));
    }

    void diagnosticsAreBoundedWhoeverWroteThem()
    {
        // A loader that quotes a whole value: the list cuts it, and keeps the words around it.
        DiagnosticList list;
        const std::string value(5000000, 'x');
        list.error("det.csv", "line 2", "column 'confidence': '" + value + "' is not a number");
        const Diagnostic& d = list.items().front();
        QVERIFY2(d.message.size() < 200, d.message.substr(0, 300).c_str());
        QVERIFY(d.message.find("column 'confidence': 'xxx") == 0);
        QVERIFY(d.message.find("(5000000 bytes) is not a number") != std::string::npos);
        // An apostrophe in a word is not a quote: the sentence stays whole.
        DiagnosticList words;
        const std::string sentence = "the ground truth's classes do not name this image's label " +
                                     std::string(100, 'y') + " and that's all";
        words.warning("gt.json", "", sentence);
        QCOMPARE(words.items().front().message, sentence);
        // A value with quotes of its own cannot escape the cut: the whole message is bounded.
        DiagnosticList nested;
        nested.error("a.json", "", "bad 'x' " + std::string(3000000, '\''));
        QVERIFY(nested.items().front().message.size() < 2100);
        // Control characters in the file name and the message.
        DiagnosticList control;
        control.error(std::string("a\0b.json", 8), "", std::string("label 'x\0y'", 11));
        QCOMPARE(control.items().front().toString(), std::string("a\\x00b.json: error: label 'x\\x00y'"));
    }

    void hugeCsvValueGivesAOneLineMessage()
    {
        QTemporaryDir dir;
        const QString gt = dir.filePath(QStringLiteral("gt.csv"));
        const QString det = dir.filePath(QStringLiteral("det.csv"));
        writeFile(gt, "image,label,x,y,w,h\nimg1.jpg,cat,10,10,40,40\n");
        writeFile(det, "image,label,x,y,w,h,confidence\nimg1.jpg,cat,10,10,40,40," +
                           QByteArray(10000000, '9') + "x\n");
        const Run r = cli({QStringLiteral("sweep"), gt, det});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.size() < 1000, r.err.left(1000).constData());
        QVERIFY2(r.err.contains("(10000001 bytes)"), r.err.constData());
        QVERIFY2(r.err.contains(det.toUtf8()), r.err.constData());
    }

    void nulInALabelDoesNotCutTheTable()
    {
        QTemporaryDir dir;
        const QString gt = dir.filePath(QStringLiteral("gt.json"));
        const QString det = dir.filePath(QStringLiteral("det.json"));
        // (No raw string literals here: moc cannot read them.)
        writeFile(gt, "{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\",\"width\":100,\"height\":100}],"
                      "\"annotations\":[{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[10,10,40,40],"
                      "\"area\":1600,\"iscrowd\":0}],"
                      "\"categories\":[{\"id\":1,\"name\":\"per\\u0000son\\u001b[31m\"}]}");
        writeFile(det, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[10,10,40,40],\"score\":0.9}]");
        const Run r = cli({QStringLiteral("sweep"), gt, det, QStringLiteral("--steps"), QStringLiteral("3")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("per\\x00son\\x1b[31m"), r.out.constData());
        QVERIFY(!r.out.contains('\0'));
        QVERIFY(!r.out.contains('\x1b'));
        // The table goes on to its last row (threshold 1).
        QVERIFY2(r.out.trimmed().split('\n').last().startsWith("1.0000"), r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_messages.moc"
