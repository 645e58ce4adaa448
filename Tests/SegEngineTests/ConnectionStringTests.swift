import Testing
@testable import SegEngine

/// Passwords in connection strings are found wherever people write them, and hidden.
struct ConnectionStringTests {
  @Test(arguments: [
    ("postgresql://ana:pw@host:5432/db", "postgresql://ana:***@host:5432/db"),
    ("load postgres \"postgres://ana:p%40ss@h/db\" table=t", "load postgres \"postgres://ana:***@h/db\" table=t"),
    ("postgresql://ana@host/db?password=pw&sslmode=require", "postgresql://ana@host/db?password=***&sslmode=require"),
    ("host=h user=ana password=pw dbname=db", "host=h user=ana password=*** dbname=db"),
    ("host=h PASSWORD='p w' dbname=db", "host=h PASSWORD=*** dbname=db"),
    ("postgresql://ana@host/db", "postgresql://ana@host/db"),
    ("https://example.com/a:b", "https://example.com/a:b"),
    ("two: postgresql://a:x@h/d and postgresql://b:y@h/d", "two: postgresql://a:***@h/d and postgresql://b:***@h/d"),
    ("connect spark \"sc://h:15002/;token=abc;user_id=u\"", "connect spark \"sc://h:15002/;token=***;user_id=u\""),
    ("connect spark \"sc://h/;user_id=u;token=abc\"", "connect spark \"sc://h/;user_id=u;token=***\""),
    ("connect spark \"sc://h:15002\" token_env=SPARK_TOKEN", "connect spark \"sc://h:15002\" token_env=SPARK_TOKEN"),
  ])
  func redacted(_ text: String, _ expected: String) {
    #expect(ConnectionString.redacted(text) == expected)
    #expect(ConnectionString.hasPassword(text) == (text != expected))
    // Once hidden, still known to hold one, so it is refused rather than sent as "***".
    #expect(ConnectionString.hasPassword(expected) == (text != expected))
  }
}
