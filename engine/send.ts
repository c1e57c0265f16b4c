import { ConfigError, HttpError, NetworkError, RedFlareError, TimeoutError } from './errors';
import { internalFailure, type Logger } from './internal';
import { materialize, type HttpRequest } from './materialize';
import type { RequestPlan } from './plan';
import { Redactor } from './redact';
import { discardBody, parseBody, readBody, type ResponseBody } from './response';
import { failure, type AgentResult } from './result';
import { checkSecretValues } from './secrets';
import { shapeData, shapeErrorDetails, type ShapeOptions } from './shape';
import { isIdempotent } from './types';

/** The request a transport sends; `signal` aborts it (and its body) at the deadline. */
export interface TransportRequest extends HttpRequest {
	signal: AbortSignal;
}

/** The answer a transport hands back: the body as it came (text, bytes or a stream), read by the engine. */
export interface TransportResponse {
	status: number;
	statusText?: string;
	headers: Record<string, string | string[] | number | undefined>;
	body: ResponseBody;
}

/** Sends one request without following redirects and without throwing on HTTP error statuses. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * Reads the named secrets, once, at the moment of sending; a `ConfigError` when they cannot be had (no
 * credential, a name it lacks). Anything it throws is reported as a credential that could not be read.
 */
export type SecretResolver = (names: string[]) => Promise<ReadonlyMap<string, string> | ConfigError>;

/** Retries after a 429, a 503 or a network error, always within the call's timeout. */
export interface RetryOptions {
	/** Extra attempts after the first; 0 turns retries off. */
	retries: number;
	/** Retry POST and PATCH too (the builder knows the endpoint tolerates it). */
	retryNonIdempotent?: boolean;
}

/** How `sendPlan` sends: the transport, the secrets, and the limits on the call and its answer. */
export interface SendOptions extends ShapeOptions {
	transport: Transport;
	resolveSecrets: SecretResolver;
	/** Aborts the call from outside (the execution was cancelled). */
	signal?: AbortSignal;
	/** Bytes of the response body read at most; default 1 MiB. */
	maxResponseBytes?: number;
	includeHeaders?: boolean;
	retry?: RetryOptions;
	/** Waits between retries; the default needs no timers API. */
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	/** Where an unexpected error is reported (without values) before it becomes an internal_error result. */
	logger?: Logger;
}

/** Bytes of a response body read when `maxResponseBytes` is not set (1 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUSES = new Set([429, 503]);

// No timers API: n8n's community-node rules forbid setTimeout in shipped code.
const abortableSleep = async (ms: number, signal: AbortSignal): Promise<void> =>
	await new Promise<void>((resolve) => {
		const timer = AbortSignal.timeout(ms);
		const done = () => {
			timer.removeEventListener('abort', done);
			signal.removeEventListener('abort', done);
			resolve();
		};
		timer.addEventListener('abort', done, { once: true });
		signal.addEventListener('abort', done, { once: true });
	});

/**
 * Keeps a plain Node process alive until the call ends. Outside n8n nothing else may hold the event
 * loop during a retry wait (AbortSignal.timeout does not), and a script would exit with code 0 in the
 * middle of the call. An open message port with a listener holds the loop, without the timers API.
 */
async function keptAlive<T>(work: () => Promise<T>): Promise<T> {
	const channel = new MessageChannel();
	channel.port1.on('message', () => undefined);
	try {
		return await work();
	} finally {
		channel.port1.close();
	}
}

function header(headers: TransportResponse['headers'], name: string): string | undefined {
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name || value === undefined) continue;
		return Array.isArray(value) ? value.join(', ') : String(value);
	}
	return undefined;
}

function flatHeaders(headers: TransportResponse['headers']): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers)) {
		if (value !== undefined) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return flat;
}

/** Milliseconds a 429/503 asks us to wait (Retry-After seconds or date), else exponential backoff. */
function retryDelay(response: TransportResponse | undefined, attempt: number, now: number): number {
	const retryAfter = response && header(response.headers, 'retry-after');
	if (retryAfter) {
		if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim()) * 1000;
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return 250 * 2 ** attempt;
}

function networkReason(error: unknown): string {
	if (error !== null && typeof error === 'object') {
		const { code, message } = error as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && code !== 'ERR_CANCELED') return code;
		if (typeof message === 'string' && message) return message;
	}
	return String(error);
}

function redirectTarget(request: HttpRequest, location: string): URL | undefined {
	try {
		return new URL(location, request.url);
	} catch {
		return undefined;
	}
}

class Attempt {
	constructor(
		readonly plan: RequestPlan,
		readonly options: SendOptions,
		readonly signal: AbortSignal,
		readonly deadline: AbortSignal,
	) {}

	private get label(): string {
		return `The "${this.plan.webhook}" service`;
	}

	/** Maps an abort or transport failure to the typed error the agent gets. */
	failed(error: unknown): RedFlareError {
		if (this.deadline.aborted) {
			return new TimeoutError(`${this.label} did not answer within ${this.plan.timeoutMs / 1000} s, so the call was abandoned.`);
		}
		if (this.signal.aborted) return new NetworkError(`The call to ${this.plan.webhook} was cancelled.`);
		return new NetworkError(`${this.label} could not be reached (${networkReason(error)}).`);
	}

	/** One exchange, following same-origin redirects only; a redirect that is not followed is an http_error. */
	async exchange(first: HttpRequest): Promise<TransportResponse | HttpError> {
		let request = first;
		for (let hops = 0; ; hops++) {
			const response = await this.options.transport({ ...request, signal: this.signal });
			const location = header(response.headers, 'location');
			if (!REDIRECTS.has(response.status) || !location) return response;
			discardBody(response.body);
			const target = redirectTarget(request, location);
			const from = new URL(request.url);
			if (!target || target.origin !== from.origin) {
				// Following would carry headers (and secrets) to a host the builder never named.
				return new HttpError(
					`${this.label} redirected the call to another site (${target ? target.origin : 'an invalid address'}); the redirect was not followed.`,
					response.status,
				);
			}
			if (hops >= MAX_REDIRECTS) {
				return new HttpError(`${this.label} redirected more than ${MAX_REDIRECTS} times; the call was stopped.`, response.status);
			}
			const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === 'POST');
			request = toGet
				? { method: 'GET', url: target.href, headers: Object.fromEntries(Object.entries(request.headers).filter(([key]) => key.toLowerCase() !== 'content-type')) }
				: { ...request, url: target.href };
		}
	}
}

/**
 * Sends a planned call: resolves its secrets at the last moment, sends through the given transport
 * within the plan's timeout (body included), follows same-origin redirects, retries if asked, and
 * returns the agent result with every secret redacted (before any truncation, and once more over the
 * whole result). Never throws: anything unexpected is an `internal_error` result.
 */
export async function sendPlan(plan: RequestPlan, options: SendOptions): Promise<AgentResult> {
	try {
		return await keptAlive(async () => await sendResolved(plan, options));
	} catch (error) {
		return internalFailure(error, options.logger, 'sendPlan');
	}
}

async function sendResolved(plan: RequestPlan, options: SendOptions): Promise<AgentResult> {
	const deadline = AbortSignal.timeout(plan.timeoutMs);
	const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
	const started = Date.now();
	let secrets: ReadonlyMap<string, string> | ConfigError = new Map();
	try {
		if (plan.secretNames.length > 0) secrets = await options.resolveSecrets(plan.secretNames);
	} catch (error) {
		// A resolver from outside the package may throw; its message could quote a value.
		secrets = error instanceof ConfigError ? error : new ConfigError('The secrets credential could not be read.');
	}
	if (secrets instanceof ConfigError) return failure(secrets);
	const unusable = checkSecretValues(secrets);
	if (unusable) return failure(unusable);
	const built = materialize(plan, secrets);
	if (!built.ok) return new Redactor(secrets.values()).value(failure(built.error));
	const redactor = new Redactor([...secrets.values(), ...built.secretTexts]);
	return redactor.value(await sendWithSecrets(plan, options, built.request, redactor, signal, deadline, started));
}

async function sendWithSecrets(
	plan: RequestPlan,
	options: SendOptions,
	request: HttpRequest,
	redactor: Redactor,
	signal: AbortSignal,
	deadline: AbortSignal,
	started: number,
): Promise<AgentResult> {
	const attempt = new Attempt(plan, options, signal, deadline);
	const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
	const retries = options.retry && (isIdempotent(plan.method) || options.retry.retryNonIdempotent) ? options.retry.retries : 0;
	const sleep = options.sleep ?? abortableSleep;

	for (let tried = 0; ; tried++) {
		let response: TransportResponse | undefined;
		let error: RedFlareError | undefined;
		try {
			const exchanged = await attempt.exchange(request);
			if (exchanged instanceof HttpError) error = exchanged;
			else response = exchanged;
		} catch (caught) {
			// The transport throws when it cannot complete the exchange (refused, reset, aborted).
			error = attempt.failed(caught);
		}
		const retryable = response ? RETRY_STATUSES.has(response.status) : error?.code === 'network_error' && !signal.aborted;
		if (retryable && tried < retries) {
			const wait = retryDelay(response, tried, Date.now());
			// A wait that would outlast the timeout is pointless: answer now with what we have.
			if (Date.now() - started + wait < plan.timeoutMs) {
				if (response) discardBody(response.body);
				await sleep(wait, signal);
				if (!signal.aborted) continue;
				return failure(attempt.failed(undefined));
			}
		}
		if (error || !response) return failure(error ?? attempt.failed(undefined));

		let parsed;
		try {
			parsed = parseBody(await readBody(response.body, maxBytes, signal), header(response.headers, 'content-type'), maxBytes, redactor);
		} catch (caught) {
			return failure(attempt.failed(caught));
		}
		// Redacted before it is cut to size: a cut must never leave a piece of a secret behind.
		const redacted = redactor.value(parsed.data);
		if (response.status < 200 || response.status > 299) {
			const reason = response.statusText ? ` (${response.statusText})` : '';
			const details = shapeErrorDetails(redacted, header(response.headers, 'content-type'), options);
			return failure(
				new HttpError(
					`The "${plan.webhook}" service answered with HTTP ${response.status}${reason}; the call did not succeed.`,
					response.status,
					details === null ? undefined : details,
				),
			);
		}
		const shaped = shapeData(redacted, options);
		const note = [parsed.note, shaped.note].filter(Boolean).join(' ') || undefined;
		const result: AgentResult = { ok: true, status: response.status, data: shaped.data };
		if (note) result.note = note;
		if (options.includeHeaders) result.headers = flatHeaders(response.headers);
		return result;
	}
}
