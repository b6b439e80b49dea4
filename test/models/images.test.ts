import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateImageTokens, UNKNOWN_IMAGE_TOKENS } from '../../src/memory/image-tokens.js';
import { imageSize, readImageSize } from '../../src/models/image-size.js';
import { imageByteLength, imageUrl, resolveImage, sniffMediaType, toImagePart } from '../../src/models/images.js';
import { contentImages, contentText, withImages } from '../../src/models/message-content.js';
import { gifHeader, jpegHeader, solidPng, webpHeader } from '../support/test-images.js';

const png = solidPng(4, 3);
const pngBase64 = png.toString('base64');

describe('images in messages', () => {
  test('bytes, data: URLs, http(s) URLs and parts all end up in one JSON-safe form', () => {
    const fromBytes = toImagePart(png);
    assert.deepEqual(fromBytes, { type: 'image', image: pngBase64, mediaType: 'image/png' });
    assert.deepEqual(toImagePart(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer), fromBytes, 'an ArrayBuffer too');
    assert.deepEqual(toImagePart(`data:image/png;base64,${pngBase64}`), fromBytes);
    assert.deepEqual(toImagePart({ type: 'image', image: pngBase64 }), fromBytes, 'the media type is read from the bytes');
    assert.deepEqual(toImagePart({ type: 'image', image: new Uint8Array(png) }), fromBytes);
    assert.deepEqual(toImagePart(new URL('https://example.com/a.png')), { type: 'image', image: 'https://example.com/a.png' });
    assert.deepEqual(toImagePart({ type: 'image', image: 'http://example.com/b', mediaType: 'image/jpg' }), { type: 'image', image: 'http://example.com/b', mediaType: 'image/jpeg' });
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(fromBytes))), JSON.stringify(fromBytes));
  });

  test('what cannot be an image is refused with a reason', () => {
    assert.throws(() => toImagePart('./photo.png'), /must be bytes \(e\.g\. await readFile\(path\)\), a data: URL or an http\(s\) URL; got the string '\.\/photo\.png'/);
    assert.throws(() => toImagePart(Buffer.from('not an image at all')), /not PNG, JPEG, GIF or WebP \(they start with 6e 6f 74/);
    assert.throws(() => toImagePart('data:image/bmp;base64,Qk0='), /media type 'image\/bmp' is not supported/);
    assert.throws(() => toImagePart('data:image/png,rawtext'), /must be base64-encoded/);
    assert.throws(() => toImagePart({ type: 'image', image: 'file:///etc/passwd' }), /scheme models do not fetch/);
    assert.throws(() => toImagePart({ type: 'image', image: 'not base64!' }), /not valid base64/);
    assert.throws(() => toImagePart({ type: 'image', image: 'AAAA' }), /not PNG, JPEG, GIF or WebP, and no mediaType/);
    assert.throws(() => toImagePart({ type: 'picture' } as never), /got an object with keys type/);
    assert.throws(() => toImagePart(42 as never), /got number/);
  });

  test('data URLs for the OpenAI format, byte lengths, and media types read from the bytes', () => {
    assert.equal(imageUrl({ type: 'image', image: png }), `data:image/png;base64,${pngBase64}`);
    assert.equal(imageUrl({ type: 'image', image: 'https://example.com/x.jpg' }), 'https://example.com/x.jpg');
    assert.equal(imageByteLength({ type: 'image', image: pngBase64 }), png.length);
    assert.equal(imageByteLength({ type: 'image', image: 'https://example.com/x.jpg' }), undefined);
    assert.equal(sniffMediaType(jpegHeader(1, 1)), 'image/jpeg');
    assert.equal(sniffMediaType(gifHeader(1, 1)), 'image/gif');
    assert.equal(sniffMediaType(webpHeader(1, 1)), 'image/webp');
    assert.deepEqual(resolveImage({ type: 'image', image: pngBase64, mediaType: 'image/png' }), { kind: 'data', mediaType: 'image/png', base64: pngBase64 });
  });

  test('sizes are read from PNG, GIF, WebP and JPEG headers', () => {
    assert.deepEqual(readImageSize(solidPng(640, 480)), { width: 640, height: 480 });
    assert.deepEqual(readImageSize(gifHeader(320, 200)), { width: 320, height: 200 });
    assert.deepEqual(readImageSize(webpHeader(1000, 50)), { width: 1000, height: 50 });
    assert.deepEqual(readImageSize(jpegHeader(1024, 768)), { width: 1024, height: 768 });
    assert.equal(readImageSize(Buffer.from([0xff, 0xd8, 0xff])), undefined, 'a cut header is unknown, not an error');
    assert.deepEqual(imageSize({ type: 'image', image: solidPng(12, 34).toString('base64'), mediaType: 'image/png' }), { width: 12, height: 34 });
  });

  test('image token estimates: the larger of OpenAI tiles and Anthropic pixels; unknown sizes count high', () => {
    const part = (bytes: Buffer) => ({ type: 'image' as const, image: bytes.toString('base64') });
    assert.equal(estimateImageTokens(part(jpegHeader(1024, 768))), 1049, 'Anthropic: 1024 × 768 / 750; OpenAI: 4 tiles = 765');
    assert.equal(estimateImageTokens(part(jpegHeader(512, 512))), 350, 'Anthropic: 512² / 750; OpenAI: one tile = 255');
    assert.equal(estimateImageTokens(part(solidPng(4000, 200))), 85 + 170 * 4, 'OpenAI: 2048 × 102 → 4 tiles');
    assert.equal(estimateImageTokens({ type: 'image', image: 'https://example.com/x.png' }), UNKNOWN_IMAGE_TOKENS);
  });

  test('content helpers: text stays a string, images follow the text', () => {
    const image = toImagePart(png);
    assert.equal(withImages('hello', []), 'hello');
    const content = withImages('hello', [image]);
    assert.deepEqual(content, [{ type: 'text', text: 'hello' }, image]);
    assert.equal(contentText(content), 'hello');
    assert.deepEqual(contentImages(content), [image]);
    assert.deepEqual(contentImages('text'), []);
  });
});
