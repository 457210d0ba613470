use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::{Result, StoreError};

/// Runs `$body` with `$pool` bound to the concrete pool of `$db`, type-checking it once per
/// backend. The body must be valid for both `SqlitePool` and `PgPool`.
#[macro_export]
#[doc(hidden)]
macro_rules! with_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// A connection pool of either backend.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// How to connect.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// `sqlite://PATH`, `sqlite::memory:`, or `postgres://...`.
    pub url: String,
    /// Most connections the (read) pool opens.
    pub max_connections: u32,
    /// How long a caller waits for a connection (and SQLite for a lock) before failing.
    pub acquire_timeout: Duration,
}

impl StoreOptions {
    /// Options with sensible pool sizes for `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 8,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

/// The handle to the database; cheap to clone (pools are reference-counted).
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) read: Db,
    pub(crate) write: Db,
    backend: Backend,
    /// Seals source secrets (see [`crate::sealed`]); without keys they are stored as given,
    /// which only store-level tests do.
    pub(crate) keys: Option<crate::sealed::SecretKeys>,
}

impl Store {
    /// Connects to the database named by `opts.url`, creating the SQLite file if needed.
    /// Does not migrate; call [`Store::migrate`].
    pub async fn connect(opts: &StoreOptions) -> Result<Store> {
        let url = opts.url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let connect = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::InvalidUrl(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections.max(1))
                .acquire_timeout(opts.acquire_timeout)
                .connect_with(connect)
                .await?;
            let db = Db::Postgres(pool);
            Ok(Store {
                read: db.clone(),
                write: db,
                backend: Backend::Postgres,
                keys: None,
            })
        } else if url.starts_with("sqlite:") {
            let base = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::InvalidUrl(e.to_string()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(opts.acquire_timeout)
                .foreign_keys(true);
            // An in-memory database exists once per connection: one pool of one connection.
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(opts.acquire_timeout)
                .connect_with(base.clone())
                .await?;
            let read = if in_memory {
                write.clone()
            } else {
                SqlitePoolOptions::new()
                    .max_connections(opts.max_connections.max(1))
                    .acquire_timeout(opts.acquire_timeout)
                    .connect_with(base.read_only(true))
                    .await?
            };
            Ok(Store {
                read: Db::Sqlite(read),
                write: Db::Sqlite(write),
                backend: Backend::Sqlite,
                keys: None,
            })
        } else {
            Err(StoreError::InvalidUrl(format!(
                "{url:?}: expected sqlite://PATH or postgres://USER@HOST/DB"
            )))
        }
    }

    /// The store with `keys` sealing and opening source secrets from now on.
    pub fn with_secret_keys(mut self, keys: crate::sealed::SecretKeys) -> Store {
        self.keys = Some(keys);
        self
    }

    /// Applies the migrations of this backend that have not run yet. Safe to call on every
    /// start and from several instances at once (the migrator takes a database lock).
    pub async fn migrate(&self) -> Result<()> {
        match &self.write {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Whether the database answers a trivial query (used by `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        with_db!(&self.read, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Which backend this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        for db in [&self.read, &self.write] {
            match db {
                Db::Sqlite(p) => p.close().await,
                Db::Postgres(p) => p.close().await,
            }
        }
    }

    /// The tables and their columns with a portable type class (`integer`, `text`, `real`,
    /// `boolean`, `blob`), sorted; used to prove both dialects build the same schema.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String, String)>> {
        let mut cols: Vec<(String, String, String)> = match &self.read {
            Db::Sqlite(pool) => {
                sqlx::query_as(
                    "SELECT m.name, p.name, lower(p.type) FROM sqlite_master m \
                     JOIN pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                       AND m.name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text, data_type::text \
                     FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?
            }
        };
        for c in &mut cols {
            c.2 = type_class(&c.2).to_owned();
        }
        cols.sort();
        Ok(cols)
    }
}

fn type_class(sql_type: &str) -> &'static str {
    let t = sql_type.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "real"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("blob") || t.contains("bytea") {
        "blob"
    } else {
        "other"
    }
}
