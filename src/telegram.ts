/**
 * 429s wait out retry_after and 5xx are retried a few times. A network error is thrown at once:
 * retried inside a call it would hang that call (a reply, a job's send) for as long as the
 * network is down; the runner retries getUpdates itself and the outbox keeps unsent messages.
 */
export const AUTO_RETRY = { maxRetryAttempts: 5, maxDelaySeconds: 120, rethrowInternalServerErrors: false, rethrowHttpErrors: true };
