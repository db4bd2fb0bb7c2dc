//! A webhook receiver on loopback: it records every POST (the plain webhook's events, and
//! the SNS notifications moto delivers to an HTTP subscription) and answers with the status
//! a test sets, to show which failures the notifier retries.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;

/// The running receiver.
pub struct Receiver {
    /// `http://127.0.0.1:PORT/events`.
    pub url: String,
    /// What it received and how it answers.
    pub state: Arc<Inbox>,
}

/// The receiver's state.
pub struct Inbox {
    /// Every body received, in order.
    pub bodies: Mutex<Vec<String>>,
    /// The status of the next answers (200 unless a test changes it).
    pub status: AtomicU16,
}

impl Receiver {
    /// Starts a receiver answering 200.
    pub async fn start() -> Self {
        let state = Arc::new(Inbox {
            bodies: Mutex::default(),
            status: AtomicU16::new(200),
        });
        let app = Router::new()
            .route("/events", post(receive))
            .with_state(state.clone());
        Self {
            url: format!("{}/events", super::serve(app).await),
            state,
        }
    }
}

async fn receive(State(inbox): State<Arc<Inbox>>, body: String) -> StatusCode {
    inbox.bodies.lock().unwrap().push(body);
    StatusCode::from_u16(inbox.status.load(Ordering::SeqCst)).unwrap_or(StatusCode::OK)
}
