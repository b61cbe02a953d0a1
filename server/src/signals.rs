//! The JSON shapes of feedback — a profile's signals about candidates, and how they placed a
//! personalised match — shared by the CLI's `--format json` and the HTTP API.

use serde::{Deserialize, Serialize};
use tandem_engine::feedback::personal::Personalised;
use tandem_engine::feedback::{Feedback, Signal};
use utoipa::ToSchema;

/// What a profile says about a candidate: `like` and `meeting` rank candidates like it
/// higher; `pass` leaves it out of later matches; `deal` records a deal in both profiles'
/// history, which every ranking reads.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = Signal)]
pub enum SignalSchema {
    /// Interested.
    Like,
    /// Not interested.
    Pass,
    /// Met them.
    Meeting,
    /// Did a deal with them.
    Deal,
}

/// One signal a profile gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackView {
    /// Who gave it.
    pub from: String,
    /// About whom.
    pub to: String,
    /// What was said.
    #[schema(value_type = SignalSchema)]
    pub signal: Signal,
    /// When (RFC 3339, UTC).
    #[schema(value_type = String, format = DateTime, example = "2026-12-01T09:30:00Z")]
    pub at: String,
}

impl From<&Feedback> for FeedbackView {
    fn from(f: &Feedback) -> FeedbackView {
        FeedbackView {
            from: f.from.clone(),
            to: f.to.clone(),
            signal: f.signal,
            at: f.at.to_string(),
        }
    }
}

/// Every signal one profile gave, by candidate id, then signal.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackList {
    /// The signals.
    pub feedback: Vec<FeedbackView>,
}

impl FeedbackList {
    /// The list of `feedback`.
    pub fn of(feedback: &[Feedback]) -> FeedbackList {
        FeedbackList {
            feedback: feedback.iter().map(Into::into).collect(),
        }
    }
}

/// A profile the asker liked or met, named in a personalised match's reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExampleRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl From<&(String, String)> for ExampleRef {
    /// From an id and a name.
    fn from((id, name): &(String, String)) -> ExampleRef {
        ExampleRef {
            id: id.clone(),
            name: name.clone(),
        }
    }
}

/// How the asker's own feedback placed a match (present when the ranking was personalised,
/// or the asker gave this candidate a signal).
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalisedView {
    /// 1-based place in the ranking without feedback (places below 300 count as 301).
    pub usual_place: usize,
    /// 1-based place among the candidates most like what the asker liked or met; absent
    /// when deeper than 300 or without such feedback.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub liked_place: Option<usize>,
    /// The profiles it resembles most among those the asker liked or met, best first.
    pub resembles: Vec<ExampleRef>,
    /// The reason in words, e.g. "like ShambaSense and AgroPay, which you liked".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reason: Option<String>,
    /// The candidate the asker passed on that it resembles most, when that placed it lower.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub passed_alike: Option<ExampleRef>,
    /// That in words, e.g. "placed lower: like FarmLink, which you passed on".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub lowered: Option<String>,
    /// What the asker already said about this candidate.
    #[schema(value_type = Vec<SignalSchema>)]
    pub given: Vec<Signal>,
}

impl From<&Personalised> for PersonalisedView {
    fn from(p: &Personalised) -> PersonalisedView {
        PersonalisedView {
            usual_place: p.usual_place,
            liked_place: p.liked_place,
            resembles: p.resembles.iter().map(ExampleRef::from).collect(),
            reason: p.reason.clone(),
            passed_alike: p.passed_alike.as_ref().map(ExampleRef::from),
            lowered: p.lowered.clone(),
            given: p.given.clone(),
        }
    }
}
