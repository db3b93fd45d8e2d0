/**
 * GET /qr/{beaconId}.svg and /qr/{beaconId}.png: the QR code of an active point of sale, in the
 * documented `mobilepaypos://pos?id=<beaconId>&source=qr` format (pos-qr.ts), for operators and
 * integrators printing stickers or showing the code on a till's screen. Sandbox and production.
 *
 * No token: the code says nothing but the beacon id, which the sticker prints in clear and a
 * Bluetooth beacon broadcasts anyway. A beacon id no active point of sale has (never created, or
 * its PoS deleted, which frees the id for another PoS) is 404: a sticker for it would check in
 * nowhere. A malformed beacon id or size is 400.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { PosArea } from '../pos/pos.area.ts';
import { isValidBeaconId } from '../pos/pos.text.ts';
import { posQrUrl } from './pos-qr.ts';
import { parseQrSize, qrPng, qrSvg, QR_SIZE, type QrFormat } from './qr-image.ts';

/** `{beaconId}.{svg|png}`; the beacon id is checked separately so a bad one gets its own message. */
const FILE = /^([^.]+)\.(svg|png)$/;

/**
 * The image never changes for a URL, but whether the PoS still exists does: caches may keep it a
 * few minutes, long enough for a page of stickers, short enough that a deleted PoS's code fades.
 */
const CACHE_OK = 'public, max-age=300';

function refuse(reply: FastifyReply, status: 400 | 404, message: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json')
    .send({ statusCode: status, error: status === 400 ? 'Bad Request' : 'Not Found', message });
}

export const qrRoutes: FastifyPluginAsync<{ pos: PosArea }> = async (app, { pos }) => {
  app.get<{ Params: { file: string }; Querystring: { size?: string } }>('/:file', async (request, reply) => {
    const match = FILE.exec(request.params.file);
    if (match === null) return refuse(reply, 404, 'Ask for /qr/{beaconId}.svg or /qr/{beaconId}.png');
    const [, beaconId, format] = match as unknown as [string, string, QrFormat];
    if (!isValidBeaconId(beaconId)) return refuse(reply, 400, 'The beaconId must be a GUID or 15 digits');
    const size = parseQrSize(request.query.size);
    if (size === undefined) return refuse(reply, 400, `size must be whole pixels from ${QR_SIZE.min} to ${QR_SIZE.max}`);
    if ((await pos.pointsOfSale.findActiveByBeacon(beaconId)) === undefined) return refuse(reply, 404, 'No active point of sale has this beaconId');
    const text = posQrUrl(beaconId);
    reply.header('cache-control', CACHE_OK).header('content-disposition', `inline; filename="pos-${beaconId.toLowerCase()}.${format}"`);
    if (format === 'svg') return reply.type('image/svg+xml; charset=utf-8').send(await qrSvg(text, size));
    return reply.type('image/png').send(await qrPng(text, size));
  });
};
