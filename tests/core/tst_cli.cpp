#include <QTest>
class T : public QObject { Q_OBJECT private slots: void t() {} };
QTEST_GUILESS_MAIN(T)
#include "tst_cli.moc"
