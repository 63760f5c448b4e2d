//! Attribute keys: the OpenTelemetry RPC semantic conventions, and this
//! service's own keys under `stage_scorer.`, the namespace of its metrics. Nothing here ever carries a
//! partner id, a name or free text.

/// `rpc.system`: always [`RPC_SYSTEM_GRPC`].
pub const RPC_SYSTEM: &str = "rpc.system";
/// The value of `rpc.system`.
pub const RPC_SYSTEM_GRPC: &str = "grpc";
/// `rpc.service`: the full service name, e.g. `stage_scoring.v1.StageScoringService`.
pub const RPC_SERVICE: &str = "rpc.service";
/// `rpc.method`: the method name, e.g. `ClassifyPartner`.
pub const RPC_METHOD: &str = "rpc.method";
/// `rpc.grpc.status_code`: the numeric gRPC status code of the call.
pub const RPC_GRPC_STATUS_CODE: &str = "rpc.grpc.status_code";
/// Value of `rpc.service` and `rpc.method` for paths that name no served
/// method (keeps metric cardinality bounded against arbitrary paths).
pub const OTHER: &str = "_OTHER";

/// Version of the scoring model that served the call (spans and metrics).
pub const MODEL_VERSION: &str = "stage_scorer.model.version";
/// The stage a classification resulted in (`Transactional`, ...).
pub const STAGE: &str = "stage_scorer.stage";
/// Number of classifications an RPC produced, when more than one (spans).
/// Not `stage_scorer.classifications`: that is a metric's name, and metric
/// and attribute names must not coincide.
pub const CLASSIFICATIONS: &str = "stage_scorer.classification.count";
/// A warning's stable code, e.g. `EFFORT_ABOVE_INTENT`.
pub const WARNING_CODE: &str = "stage_scorer.warning.code";
/// A warning's severity: `INFO`, `WARNING` or `CRITICAL`.
pub const WARNING_SEVERITY: &str = "stage_scorer.warning.severity";

/// Why a call was shed by admission control (`calls_in_flight`,
/// `items_in_flight`, `request_bytes_in_flight`, `health_in_flight`).
pub const SHED_REASON: &str = "stage_scorer.shed_reason";
/// Who called: the name of the caller's bearer token or client certificate,
/// else `anonymous` (`unauthenticated` for a refused call). Spans and the
/// RPC metrics; bounded by the configured tokens and the client CA.
pub const CALLER: &str = "stage_scorer.caller";
