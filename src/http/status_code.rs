//! The standard mapping of gRPC status codes to HTTP status codes (the one
//! Google's HTTP APIs, grpc-gateway and Envoy's transcoder use).

use http::StatusCode;
use tonic::Code;

/// The HTTP status answering a call that ended with `code`.
pub fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        // "Client closed request" (nginx's 499): the caller gave up.
        Code::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
            StatusCode::BAD_REQUEST
        }
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::Unknown | Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_the_issue_names_map_as_google_apis_do() {
        for (code, http) in [
            (Code::InvalidArgument, 400),
            (Code::NotFound, 404),
            (Code::ResourceExhausted, 429),
            (Code::Unavailable, 503),
            (Code::Unauthenticated, 401),
            (Code::PermissionDenied, 403),
            (Code::DeadlineExceeded, 504),
            (Code::Internal, 500),
            (Code::Unimplemented, 501),
            (Code::Cancelled, 499),
            (Code::Ok, 200),
        ] {
            assert_eq!(http_status(code).as_u16(), http, "{code:?}");
        }
    }

    #[test]
    fn no_error_code_maps_to_success() {
        for n in 1..=16 {
            let code = Code::from_i32(n);
            assert!(!http_status(code).is_success(), "{code:?}");
        }
    }
}
