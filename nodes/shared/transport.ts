import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ResponseBody, Transport, TransportResponse } from '../../engine';

function asResponseBody(body: unknown): ResponseBody {
	if (body === null || body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body;
	if (typeof body === 'object' && Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array | string>;
	// Any other shape means the helper parsed the body itself; hand it on as JSON text.
	return JSON.stringify(body);
}

/**
 * The engine's transport over n8n's request helper, so the instance's proxy and SSRF egress rules apply.
 * The body comes back as a stream (read up to a cap by the engine); redirects and error statuses come
 * back as responses, since the engine decides what to follow and what to report.
 */
export function n8nTransport(helpers: IExecuteFunctions['helpers']): Transport {
	return async (request): Promise<TransportResponse> => {
		const response = (await helpers.httpRequest({
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			abortSignal: request.signal,
		})) as IN8nHttpFullResponse;
		return {
			status: response.statusCode,
			statusText: response.statusMessage,
			headers: response.headers as TransportResponse['headers'],
			body: asResponseBody(response.body),
		};
	};
}
