use std::sync::{Arc, OnceLock};

use chorus_service::Hub;
use metrics_exporter_prometheus::PrometheusHandle;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The hub: configuration, store, mail, clock.
    pub hub: Hub,
    openapi: Arc<OnceLock<String>>,
}

impl AppState {
    pub(crate) fn new(hub: Hub) -> Self {
        Self {
            hub,
            openapi: Arc::new(OnceLock::new()),
        }
    }

    pub(crate) fn set_openapi(&self, doc: utoipa::openapi::OpenApi) {
        let json = doc
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        let _ = self.openapi.set(json);
    }

    pub(crate) fn openapi_json(&self) -> &str {
        self.openapi.get().map_or("{}", String::as_str)
    }
}

/// The process-wide Prometheus recorder. `metrics` allows one global recorder per process, and
/// tests build many apps in one process, so it is installed once and shared.
pub(crate) fn prometheus() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok().map(|()| handle)
        })
        .as_ref()
}
