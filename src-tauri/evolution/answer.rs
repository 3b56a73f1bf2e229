//! Reading an answer's body chunk by chunk with a size cap, so a broken or hostile server
//! cannot fill memory: `Content-Length` is checked first when there is one, but a chunked
//! body has none, so the bytes are counted as they come.

use reqwest::Response;

use super::error::EvolutionError;

/// The whole body, refused as soon as it passes `limit` bytes.
pub(crate) async fn read_capped(
    mut response: Response,
    limit: usize,
) -> Result<Vec<u8>, EvolutionError> {
    let too_large = || EvolutionError::AnswerTooLarge { limit };
    if response
        .content_length()
        .is_some_and(|declared| declared > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(EvolutionError::from_transport)?
    {
        if body.len() + chunk.len() > limit {
            // Dropping the response closes the connection; the rest is never read.
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The first `limit` bytes of the body; the rest is left unread.
pub(crate) async fn read_prefix(
    mut response: Response,
    limit: usize,
) -> Result<Vec<u8>, EvolutionError> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(EvolutionError::from_transport)?
    {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= limit {
            break;
        }
    }
    Ok(body)
}
