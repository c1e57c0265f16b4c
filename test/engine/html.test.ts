/**
 * An HTTP error page as a voice agent is handed it: htmlText (the text a reader sees) and
 * shapeErrorDetails (HTML reduced, everything cut to a few sentences), with real-shaped pages and
 * hostile markup (fast-check).
 */
import fc from 'fast-check';

import { htmlText, shapeErrorDetails } from '../../engine';

describe('htmlText: the text a reader sees', () => {
	test('an nginx error page', () => {
		const page = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
		expect(htmlText(page)).toBe('502 Bad Gateway 502 Bad Gateway nginx/1.25.3');
	});

	test('scripts, styles, comments, templates and SVG are not text; the title is', () => {
		const page =
			'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Oops</title><style>p{color:red}</style>' +
			'<script type="module">const secret = "<p>not shown</p>";</script></head><body><!-- <p>hidden</p> -->' +
			'<template><p>later</p></template><svg><text>icon</text></svg><p>Try again</p><noscript>Enable JS</noscript></body></html>';
		expect(htmlText(page)).toBe('Oops Try again');
	});

	test('entities are decoded, numeric ones too (a no-break space is a space); a tag between words keeps them apart', () => {
		expect(htmlText('<p>Tom&nbsp;&amp;&nbsp;Jerry &#8212; &#x2019;s &ldquo;shop&rdquo;&hellip;</p><p>one</p><p>two</p>')).toBe('Tom & Jerry — ’s “shop”… one two');
	});

	test('unclosed markup ends the text where a reader would lose it, never with an error', () => {
		expect(htmlText('<p>Service down<script>var x = 1;')).toBe('Service down');
		expect(htmlText('<p>Service down</p><a href="x')).toBe('Service down');
		expect(htmlText('Plain text, no markup')).toBe('Plain text, no markup');
	});

	test('never throws, never gives more than it was given, and leaves plain text as it is (whitespace aside)', () => {
		const markup = fc.stringMatching(/^[<>/!\-a-z "'=&;#x0-9\n]{0,60}$/);
		fc.assert(
			fc.property(fc.oneof(markup, fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })), (html) => {
				const text = htmlText(html);
				expect(text.length).toBeLessThanOrEqual(html.length);
				if (!/[<&]/.test(html)) expect(text).toBe(html.replace(/\s+/g, ' ').trim());
			}),
			{ numRuns: 2000 },
		);
	});

	test('a megabyte of hostile markup is read in one pass', () => {
		const hostile = '<p>&amp;</p>'.repeat(50_000) + '<title>x</title>'.repeat(20_000) + '<script>'.repeat(10_000) + '<!--'.repeat(10_000);
		const started = Date.now();
		expect(typeof htmlText(hostile)).toBe('string');
		// A loose bound: a quadratic scan of this input takes minutes.
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

describe('shapeErrorDetails: an HTTP error body as the agent’s details', () => {
	const page = `<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>${'The server hit a snag. '.repeat(60)}</p></body></html>`;

	test('an HTML page becomes its text, cut to the size given, and says it was cut', () => {
		const details = shapeErrorDetails(page, 'text/html; charset=utf-8', { maxErrorChars: 60 });
		expect(details).toBe('500 Internal Server Error Internal Server Error The server h…');
	});

	test('a page without a content type is still recognised by how it starts', () => {
		expect(shapeErrorDetails('<!DOCTYPE html><title>Down</title>', undefined, { maxErrorChars: 100 })).toBe('Down');
	});

	test('JSON stays JSON while it fits; text that merely contains a tag is not HTML', () => {
		expect(shapeErrorDetails({ error: 'not_found' }, 'application/json', { maxErrorChars: 100 })).toEqual({ error: 'not_found' });
		expect(shapeErrorDetails('Use <b> for bold', 'text/plain', { maxErrorChars: 100 })).toBe('Use <b> for bold');
	});

	test('Max Response Size for Agent cuts further when it is smaller', () => {
		expect(shapeErrorDetails('x'.repeat(50), 'text/plain', { maxErrorChars: 500, maxChars: 10 })).toBe(`${'x'.repeat(10)}…`);
	});

	test('without maxErrorChars the body is shaped as data is (version 1 of the Definition node)', () => {
		expect(shapeErrorDetails(page, 'text/html', {})).toBe(page);
		expect(shapeErrorDetails(page, 'text/html', { maxChars: 20 })).toBe(`${page.slice(0, 20)}…`);
	});
});
