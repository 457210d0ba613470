use std::path::{Path, PathBuf};

use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// A directory under the system temporary directory, removed with everything in it on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates a new empty directory.
    ///
    /// # Panics
    /// If the directory cannot be created (tests only).
    #[allow(clippy::expect_used)]
    pub fn new() -> Self {
        let path = std::env::temp_dir().join(format!("chorus-test-{}", random_suffix()));
        std::fs::create_dir_all(&path).expect("create temporary directory");
        TempDir(path)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for TempDir {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// 16 random hex characters.
#[allow(clippy::expect_used)]
pub fn random_suffix() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("system randomness");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The PostgreSQL server tests use: `CHORUS_TEST_PG_URL`, or the local server.
pub fn pg_base_url() -> String {
    std::env::var("CHORUS_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A fresh, empty database for one test.
#[derive(Debug)]
pub enum TestDb {
    /// An SQLite file in its own temporary directory.
    Sqlite {
        /// Keeps the directory alive.
        dir: TempDir,
        /// `sqlite://.../chorus.db`.
        url: String,
    },
    /// A schema of its own on the PostgreSQL server, dropped at the end.
    Postgres {
        /// Schema name.
        schema: String,
        /// URL selecting the schema through `search_path`.
        url: String,
    },
}

impl TestDb {
    /// A new SQLite database file.
    pub fn sqlite() -> Self {
        let dir = TempDir::new();
        let url = format!("sqlite://{}", dir.path().join("chorus.db").display());
        TestDb::Sqlite { dir, url }
    }

    /// A new schema on the test PostgreSQL server.
    ///
    /// # Panics
    /// If the server cannot be reached: PostgreSQL tests fail loudly rather than pass silently.
    #[allow(clippy::expect_used)]
    pub async fn postgres() -> Self {
        let base = pg_base_url();
        let schema = format!("test_{}", random_suffix());
        let mut conn = PgConnection::connect(&base).await.unwrap_or_else(|e| {
            panic!("PostgreSQL tests need a server at {base} (set CHORUS_TEST_PG_URL): {e}")
        });
        // The schema name is generated here from hex digits only.
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
            .execute(&mut conn)
            .await
            .expect("create test schema");
        let _ = conn.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        TestDb::Postgres { schema, url }
    }

    /// The connection URL.
    pub fn url(&self) -> &str {
        match self {
            TestDb::Sqlite { url, .. } | TestDb::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { schema, .. } = self {
            let sql = format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            // Drop runs inside the test's runtime, which cannot be blocked on; use a thread with
            // a runtime of its own.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    if let Ok(mut conn) = PgConnection::connect(&pg_base_url()).await {
                        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                            .execute(&mut conn)
                            .await;
                        let _ = conn.close().await;
                    }
                });
            })
            .join();
        }
    }
}
