/** Agent platforms whose tool-call payloads the Tool Call node reads. */
export const PAYLOAD_FORMATS = ['auto', 'redflare', 'openaiChat', 'openaiResponses', 'vapi', 'retell', 'elevenlabs', 'custom'] as const;
/** One of PAYLOAD_FORMATS. */
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** The platforms a reply can be written for: every payload format that names one platform. */
export const REPLY_FORMATS = PAYLOAD_FORMATS.filter((format): format is Exclude<PayloadFormat, 'auto' | 'custom'> => format !== 'auto' && format !== 'custom');
/** One of REPLY_FORMATS. */
export type ReplyFormat = (typeof REPLY_FORMATS)[number];

/** Whether a value names a platform a reply can be written for (the `format` items carry). */
export function isReplyFormat(value: unknown): value is ReplyFormat {
	return REPLY_FORMATS.some((format) => format === value);
}
