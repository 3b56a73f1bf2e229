//! What a failed send means for the journal and the rotation: the recipient's fault, the
//! instance's, the server's, or nobody knows whether it went out.

use crate::evolution::EvolutionError;

use super::super::model::LeftReason;

/// The engine's reading of a send that did not come back with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The message may have gone out: the row becomes `unknown` and is looked up on the
    /// server before anything is resent.
    Unknown { code: &'static str, detail: String },
    /// The recipient can never get it this way: `failed` with the reason.
    Recipient { code: &'static str, detail: String },
    /// Nothing left, a later try may work (rate limit): the row goes back with a backoff
    /// and the attempt counts.
    Retry { code: &'static str, detail: String },
    /// This instance's WhatsApp socket is not open right now: the row goes back without
    /// counting, and the instance waits for its connection.
    Reconnecting { detail: String },
    /// This instance cannot send at all: it leaves the rotation.
    InstanceLeft { reason: LeftReason, detail: String },
    /// The server cannot be reached: the instance backs off; many in a row pause the
    /// campaign.
    Unreachable { detail: String },
    /// The server refuses everything (key, licence, address, TLS): the campaign pauses.
    Server { detail: String },
}

pub fn classify(err: &EvolutionError) -> Failure {
    let detail = err.to_string();
    match err {
        EvolutionError::OutcomeUnknown { cause } => Failure::Unknown {
            code: match cause.as_ref() {
                EvolutionError::Timeout => "timeout",
                EvolutionError::ConnectionLost(_) => "connection_lost",
                EvolutionError::ConnectionClosed(_) => "whatsapp_timed_out",
                EvolutionError::Http { .. } => "server_error",
                _ => "unreadable_answer",
            },
            detail,
        },
        EvolutionError::NumberNotOnWhatsApp { .. } => Failure::Recipient {
            code: "not_on_whatsapp",
            detail,
        },
        EvolutionError::Validation(_) => Failure::Recipient {
            code: "rejected",
            detail,
        },
        EvolutionError::Http { status: 429, .. } => Failure::Retry {
            code: "rate_limited",
            detail,
        },
        EvolutionError::ConnectionClosed(_) | EvolutionError::NotConnected(_) => {
            Failure::Reconnecting { detail }
        }
        EvolutionError::InstanceNotFound(_) => Failure::InstanceLeft {
            reason: LeftReason::NotFound,
            detail,
        },
        EvolutionError::Http {
            status: 401 | 402 | 403 | 406,
            ..
        } => Failure::InstanceLeft {
            reason: LeftReason::Refused,
            detail,
        },
        // Only ever given a send's error: a timeout, a dropped connection or a 5xx after
        // the request left may have sent it (`after_send` already says so; this holds
        // even for an error that did not pass through it).
        EvolutionError::Timeout
        | EvolutionError::ConnectionLost(_)
        | EvolutionError::Http {
            status: 500..=599, ..
        } => Failure::Unknown {
            code: "server_error",
            detail,
        },
        EvolutionError::Unreachable(_) => Failure::Unreachable { detail },
        EvolutionError::NotConfigured
        | EvolutionError::InvalidUrl(_)
        | EvolutionError::Tls(_)
        | EvolutionError::NotEvolution(_)
        | EvolutionError::LicenceRequired { .. }
        | EvolutionError::Unauthorized
        | EvolutionError::Redirected { .. }
        | EvolutionError::NameInUse(_)
        | EvolutionError::ConnectFailed(_)
        | EvolutionError::UnexpectedResponse(_)
        | EvolutionError::AnswerTooLarge { .. }
        | EvolutionError::TooOld { .. }
        | EvolutionError::WrongScheme { .. }
        | EvolutionError::Http { .. } => Failure::Server { detail },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_send_that_may_have_left_is_never_retried_blindly() {
        let timed_out = EvolutionError::Timeout.after_send();
        assert!(matches!(
            classify(&timed_out),
            Failure::Unknown {
                code: "timeout",
                ..
            }
        ));
        let five_hundred = EvolutionError::Http {
            status: 500,
            message: "Internal Server Error".into(),
        }
        .after_send();
        assert!(matches!(classify(&five_hundred), Failure::Unknown { .. }));
        // The socket was not open: nothing went out, the instance waits.
        let closed = EvolutionError::ConnectionClosed("Connection Closed".into()).after_send();
        assert!(matches!(classify(&closed), Failure::Reconnecting { .. }));
        // WhatsApp's "Timed Out" may have relayed it.
        let whatsapp_timeout = EvolutionError::ConnectionClosed("Timed Out".into()).after_send();
        assert!(matches!(
            classify(&whatsapp_timeout),
            Failure::Unknown { .. }
        ));
        let refused = EvolutionError::Unreachable("connection refused".into()).after_send();
        assert!(matches!(classify(&refused), Failure::Unreachable { .. }));
        // Never read as "not sent", even without `after_send`.
        for raw in [
            EvolutionError::Timeout,
            EvolutionError::ConnectionLost("reset".into()),
            EvolutionError::Http {
                status: 502,
                message: "Bad Gateway".into(),
            },
        ] {
            assert!(matches!(classify(&raw), Failure::Unknown { .. }), "{raw:?}");
        }
    }

    #[test]
    fn recipient_instance_and_server_faults_are_told_apart() {
        let absent = EvolutionError::NumberNotOnWhatsApp {
            number: "5511".into(),
            jid: None,
        };
        assert!(matches!(
            classify(&absent),
            Failure::Recipient {
                code: "not_on_whatsapp",
                ..
            }
        ));
        let banned = EvolutionError::Http {
            status: 403,
            message: "forbidden".into(),
        };
        assert!(matches!(
            classify(&banned),
            Failure::InstanceLeft {
                reason: LeftReason::Refused,
                ..
            }
        ));
        assert!(matches!(
            classify(&EvolutionError::LicenceRequired { register_url: None }),
            Failure::Server { .. }
        ));
        assert!(matches!(
            classify(&EvolutionError::Unauthorized),
            Failure::Server { .. }
        ));
    }
}
