/**
 * For the bot's own calls outside the outbox (getMe, getFile, setWebhook, answering a tap): 429s
 * wait out retry_after and 5xx are retried a few times. A network error is thrown at once, so a
 * call never hangs while the network is down. Messages go through the outbox, which retries
 * them itself and uses an Api without this.
 */
export const AUTO_RETRY = { maxRetryAttempts: 5, maxDelaySeconds: 120, rethrowInternalServerErrors: false, rethrowHttpErrors: true };
