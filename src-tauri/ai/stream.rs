//! A streamed answer, read piece by piece. Dropping it closes the connection, which stops
//! the generation (and the billing) on the server. Bounded: one event by the decoder's
//! cap, the whole answer by [`MAX_STREAM_BYTES`].

use std::collections::VecDeque;

use async_openai::types::chat::CreateChatCompletionStreamResponse;
use reqwest::Response;
use serde_json::Value;

use super::cancel::CancelToken;
use super::completion::{finish_from, Completion, Finish, TokenUsage};
use super::error::{classify_stream_error, AiError, ErrorBody};
use super::http::Http;
use super::sse::{SseDecoder, SseError, SseEvent, MAX_EVENT_BYTES};

/// The most bytes one streamed answer may take on the wire. Each token comes as its own
/// event of ~200–400 bytes (ids, model name, fingerprint, OpenAI's obfuscation padding),
/// so even the longest answers models give (16k–32k output tokens) stay near 13 MB; 32 MiB
/// leaves room and stops a server that streams forever (keep-alive comments count too).
pub(crate) const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;

/// The text deltas of one answer, in order. Read with [`TextStream::next`]; or hand it a
/// callback and a [`CancelToken`] with [`TextStream::collect_with`].
#[derive(Debug)]
pub struct TextStream {
    http: Http,
    model: String,
    /// None once the body has ended or the stream was abandoned.
    response: Option<Response>,
    decoder: SseDecoder,
    pending: VecDeque<String>,
    /// Every delta handed out so far.
    delivered: String,
    finish: Option<Finish>,
    usage: Option<TokenUsage>,
    /// No more reads: `[DONE]`, the end of the body, or an error.
    done: bool,
    /// Body bytes received so far.
    received: usize,
}

impl TextStream {
    pub(crate) fn new(http: Http, model: &str, response: Response) -> TextStream {
        TextStream {
            http,
            model: model.to_owned(),
            response: Some(response),
            decoder: SseDecoder::default(),
            pending: VecDeque::new(),
            delivered: String::new(),
            finish: None,
            usage: None,
            done: false,
            received: 0,
        }
    }

    /// A server that ignored `stream: true` and sent the whole answer at once.
    pub(crate) fn whole(http: Http, model: &str, completion: Completion) -> TextStream {
        TextStream {
            http,
            model: model.to_owned(),
            response: None,
            decoder: SseDecoder::default(),
            pending: VecDeque::from([completion.text]),
            delivered: String::new(),
            finish: Some(completion.finish),
            usage: completion.usage,
            done: true,
            received: 0,
        }
    }

    /// The next piece of text; None when the answer is complete. After an error, None.
    pub async fn next(&mut self) -> Option<Result<String, AiError>> {
        loop {
            if let Some(delta) = self.pending.pop_front() {
                self.delivered.push_str(&delta);
                return Some(Ok(delta));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.pull().await {
                self.done = true;
                self.response = None;
                self.pending.clear();
                return Some(Err(e));
            }
        }
    }

    /// The text handed out so far.
    pub fn text(&self) -> &str {
        &self.delivered
    }

    /// Why the answer ended, once it has.
    pub fn finish(&self) -> Option<Finish> {
        self.finish
    }

    /// Reads to the end, calling `on_delta` with each piece. When `cancel` fires the
    /// connection is closed at once and the text so far comes back as `Finish::Cancelled`.
    pub async fn collect_with(
        mut self,
        cancel: &CancelToken,
        mut on_delta: impl FnMut(&str),
    ) -> Result<Completion, AiError> {
        loop {
            let next = tokio::select! {
                biased;
                () = cancel.cancelled() => {
                    return Ok(Completion {
                        text: std::mem::take(&mut self.delivered),
                        finish: Finish::Cancelled,
                        usage: None,
                    });
                }
                next = self.next() => next,
            };
            match next {
                Some(Ok(delta)) => on_delta(&delta),
                Some(Err(e)) => return Err(e),
                None => break,
            }
        }
        Ok(Completion {
            finish: self.finish.unwrap_or(Finish::Stop),
            text: self.delivered,
            usage: self.usage,
        })
    }

    /// Reads the whole answer.
    pub async fn collect(self) -> Result<Completion, AiError> {
        self.collect_with(&CancelToken::new(), |_| {}).await
    }

    /// Reads one piece of the body and decodes what it completes.
    async fn pull(&mut self) -> Result<(), AiError> {
        let Some(response) = self.response.as_mut() else {
            self.done = true;
            return Ok(());
        };
        let events = match self.http.next_chunk(response).await? {
            Some(bytes) => {
                self.received += bytes.as_ref().len();
                if self.received > MAX_STREAM_BYTES {
                    return Err(AiError::AnswerTooLarge {
                        what: "a streamed answer",
                        limit: MAX_STREAM_BYTES,
                    });
                }
                self.decoder.push(bytes.as_ref())
            }
            None => {
                self.response = None;
                self.decoder.finish()
            }
        }
        .map_err(|e| match e {
            SseError::NotText => AiError::BadResponse("the stream is not UTF-8 text".to_owned()),
            SseError::TooLarge => AiError::AnswerTooLarge {
                what: "a stream event",
                limit: MAX_EVENT_BYTES,
            },
        })?;
        for event in events {
            self.event(event)?;
            if self.done {
                // `[DONE]`: close now rather than wait for the server to hang up.
                self.response = None;
                return Ok(());
            }
        }
        if self.response.is_none() {
            self.done = true;
            if self.finish.is_none() {
                return Err(AiError::BadResponse(
                    "the answer stopped before it was complete".to_owned(),
                ));
            }
        }
        Ok(())
    }

    fn event(&mut self, event: SseEvent) -> Result<(), AiError> {
        let data = match event {
            SseEvent::Done => {
                self.done = true;
                // Some compatible servers send `[DONE]` without a finish reason.
                self.finish.get_or_insert(Finish::Stop);
                return Ok(());
            }
            SseEvent::Data(data) => data,
        };
        let json: Value = serde_json::from_str(&data).map_err(|e| {
            AiError::BadResponse(format!("a stream event is not JSON ({e}): {}", clip(&data)))
        })?;
        if let Some(error) = json.get("error").and_then(|_| ErrorBody::from_json(&json)) {
            return Err(classify_stream_error(&error, &self.model, self.http.key()));
        }
        let chunk: CreateChatCompletionStreamResponse =
            serde_json::from_value(json).map_err(|e| {
                AiError::BadResponse(format!("a stream event has the wrong shape ({e})"))
            })?;
        if let Some(usage) = &chunk.usage {
            self.usage = Some(TokenUsage::from(usage));
        }
        // Only one answer is ever asked for (`n` is not sent).
        for choice in chunk.choices.iter().filter(|c| c.index == 0) {
            if let Some(refusal) = choice.delta.refusal.as_ref().filter(|r| !r.is_empty()) {
                return Err(AiError::ContentFiltered {
                    message: format!("the model refused: {refusal}"),
                });
            }
            if let Some(content) = choice.delta.content.as_ref().filter(|c| !c.is_empty()) {
                self.pending.push_back(content.clone());
            }
            if let Some(reason) = choice.finish_reason {
                self.finish = Some(finish_from(reason, &self.delivered)?);
            }
        }
        Ok(())
    }
}

fn clip(text: &str) -> String {
    text.chars().take(120).collect()
}
