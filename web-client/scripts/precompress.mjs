// Writes a Brotli (.br) and a gzip (.gz) copy beside every text file of the built client, after
// `vite build`. The server sends these as they are to browsers that accept them, so a small school
// server never compresses per request, and compresses once at the strongest settings.
// Usage: node scripts/precompress.mjs dist
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2] ?? "dist";
const compressible = /\.(js|mjs|css|html|svg|json|txt|webmanifest|ico|wasm)$/;
// Below this a compressed copy saves less than the header that announces it.
const minimumBytes = 256;

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let raw = 0, brotli = 0, gzip = 0, count = 0;
for (const path of files(root)) {
  if (path.endsWith(".br") || path.endsWith(".gz")) {
    unlinkSync(path); // a stale copy from an earlier build
    continue;
  }
  if (!compressible.test(path)) continue;
  const bytes = readFileSync(path);
  if (bytes.length < minimumBytes) continue;
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  // Only copies that are really smaller: the server falls back to the file itself.
  if (br.length < bytes.length) writeFileSync(path + ".br", br);
  if (gz.length < bytes.length) writeFileSync(path + ".gz", gz);
  raw += bytes.length; brotli += Math.min(br.length, bytes.length); gzip += Math.min(gz.length, bytes.length); count++;
}
console.log(`precompressed ${count} files: ${raw} bytes -> brotli ${brotli}, gzip ${gzip}`);
