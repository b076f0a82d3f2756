// Draws the tray template icons (black + alpha, as macOS template images want) for each state at @1x and
// @2x, plus a colored app icon. Run once; the PNGs are committed. No image library: a tiny PNG encoder.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const dist = (x, y) => Math.hypot(x - 0.5, y - 0.5);
const ink = (on) => (on ? [0, 0, 0, 255] : [0, 0, 0, 0]);
const shapes = {
  ok: (x, y) => ink(dist(x, y) < 0.38),
  running: (x, y) => ink((dist(x, y) < 0.42 && dist(x, y) > 0.3) || dist(x, y) < 0.14),
  late: (x, y) =>
    ink((dist(x, y) < 0.42 && dist(x, y) > 0.31) || (Math.abs(x - 0.5) < 0.06 && y > 0.24 && y < 0.54) || (Math.abs(y - 0.5) < 0.06 && x > 0.46 && x < 0.7)),
  failing: (x, y) => ink(dist(x, y) < 0.42 && !((Math.abs(x - y) < 0.08 || Math.abs(x + y - 1) < 0.08) && dist(x, y) < 0.26)),
};
for (const [name, shape] of Object.entries(shapes)) {
  writeFileSync(`assets/tray/tray-${name}Template.png`, png(16, shape));
  writeFileSync(`assets/tray/tray-${name}Template@2x.png`, png(32, shape));
}
writeFileSync(
  'assets/icon.png',
  png(512, (x, y) => (dist(x, y) < 0.42 ? [37, 99, 235, 255] : dist(x, y) < 0.46 ? [255, 255, 255, 255] : [0, 0, 0, 0])),
);
console.log('tray icons written');
