// inkling's photo reader, a dedicated Web Worker started by the /read page.
//
// Everything heavy happens here, off the page's thread: the browser decodes
// the photo (createImageBitmap, which honours the EXIF orientation), this
// script shrinks it to the working size with exactly the arithmetic of Go's
// segment.Grey (luma ITU-R 601, area averaging, the same integer rounding),
// and the same app.wasm, started in worker mode, segments and reads it with
// the same Go code as `inkling extract`. Nothing leaves the machine: the
// only requests are for the app's own files.
//
// Messages in:  {type: "warm", model: "cnn"}: load the model now
//               {type: "read", file: File, model: "cnn"}
// Messages out: {type: "ready"}
//               {type: "progress", stage: "...", value: 0..1}
//               {type: "photo", bitmap: ImageBitmap, width, height, srcWidth, srcHeight}
//               {type: "result", json: "...", inputs: Uint8Array, grey: "fnv64 hex"}
//               {type: "error", message: "..."}
"use strict";

// self.inkling is set by Go (web.RunWorker) once the wasm runs: {limits()
// -> {maxFileBytes, maxImagePixels, maxPixels}, probe(u8) -> {width,
// height} | null, warm(model), read(grey, width, height, model)}.
let pending = null; // a read that arrived before Go was ready

if (typeof importScripts === "function") { // in a worker, not in node's tests
  importScripts("/wasm_exec.js");
  self.inkling = null;
  // goReady is called by Go when it has set self.inkling.
  self.goReady = () => {
    post({ type: "ready" });
    if (pending) {
      const p = pending;
      pending = null;
      read(p).catch(fail);
    }
  };
  self.onmessage = (e) => {
    const msg = e.data;
    if (msg && msg.type === "warm" && self.inkling) {
      self.inkling.warm(msg.model || ""); // load the model before the first photo
      return;
    }
    if (!msg || msg.type !== "read") {
      return;
    }
    if (!self.inkling) {
      pending = msg;
      return;
    }
    read(msg).catch(fail);
  };
  const go = new Go();
  WebAssembly.instantiateStreaming(fetch("/web/app.wasm"), go.importObject)
    .then((r) => go.run(r.instance))
    .catch((e) => post({ type: "error", message: "The reader could not start: " + e }));
}

function post(msg, transfer) {
  self.postMessage(msg, transfer || []);
}

function fail(e) {
  post({ type: "error", message: "The photo could not be read: " + (e && e.message ? e.message : String(e)) });
}

// headerBytes is how much of the file Go's image.DecodeConfig sees to learn
// the size before anything is decoded: a JPEG's frame header follows its
// EXIF block and thumbnail, which stay under 64 KB; 256 KB leaves room for
// ICC profiles and maker notes.
const headerBytes = 256 << 10;

async function read(msg) {
  const file = msg.file;
  const lim = self.inkling.limits();
  if (file.size === 0) {
    post({ type: "error", message: "This file is empty (0 bytes): choose a photo." });
    return;
  }
  if (file.size > lim.maxFileBytes) {
    post({ type: "error", message: `This file is ${(file.size / 1048576).toFixed(0)} MB; the limit is ${lim.maxFileBytes / 1048576} MB.` });
    return;
  }
  post({ type: "progress", stage: "Decoding the photo", value: 0.05 });
  // A size stated in the header is checked before decoding, so a huge
  // image (or a small file claiming huge dimensions) is refused at once.
  const head = new Uint8Array(await file.slice(0, headerBytes).arrayBuffer());
  const size = self.inkling.probe(head);
  if (size && tooLarge(size.width, size.height, lim)) {
    return;
  }
  let bitmap;
  try {
    // Pixels as stored, like Go's decoders: no colour-profile conversion.
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image", colorSpaceConversion: "none", premultiplyAlpha: "none" });
  } catch (e) {
    post({ type: "error", message: "This file is not an image the browser can read: choose a JPEG, PNG, WebP or GIF photo." });
    return;
  }
  const w = bitmap.width, h = bitmap.height;
  if (w === 0 || h === 0) {
    bitmap.close();
    post({ type: "error", message: "This image has no pixels." });
    return;
  }
  if (tooLarge(w, h, lim)) {
    bitmap.close();
    return;
  }
  post({ type: "progress", stage: "Shrinking to the working size", value: 0.2 });
  const [dw, dh] = workingSize(w, h, lim.maxPixels);
  const full = new OffscreenCanvas(w, h);
  const fctx = full.getContext("2d", { willReadFrequently: true });
  fctx.drawImage(bitmap, 0, 0);
  const rgba = fctx.getImageData(0, 0, w, h).data;
  const grey = shrinkGrey(rgba, w, h, dw, dh);
  // The photo to show, at the working size (any resampler will do here).
  const view = new OffscreenCanvas(dw, dh);
  const vctx = view.getContext("2d");
  vctx.imageSmoothingQuality = "high";
  vctx.drawImage(bitmap, 0, 0, dw, dh);
  bitmap.close();
  const shown = view.transferToImageBitmap();
  post({ type: "photo", bitmap: shown, width: dw, height: dh, srcWidth: w, srcHeight: h }, [shown]);
  post({ type: "progress", stage: "Finding the characters", value: 0.35 });
  self.inkling.read(grey, dw, dh, msg.model || "");
}

function tooLarge(w, h, lim) {
  if (w > lim.maxImagePixels / h) {
    const mp = (w * h / 1e6).toFixed(0);
    post({ type: "error", message: `This image is ${w}×${h} pixels (${mp} megapixels); the limit is ${lim.maxImagePixels / 1e6} megapixels. Choose a smaller photo.` });
    return true;
  }
  return false;
}

// workingSize is segment.Grey's target size: at most maxPixels pixels, same
// aspect, never enlarged. The float64 operations are Go's, step for step.
function workingSize(w, h, maxPixels) {
  if (maxPixels <= 0 || w * h <= maxPixels) {
    return [w, h];
  }
  const s = Math.sqrt((w * h) / maxPixels);
  return [Math.max(1, Math.trunc(w / s)), Math.max(1, Math.trunc(h / s))];
}

// shrinkGrey is segment.Grey for non-premultiplied RGBA pixels (what
// getImageData returns, and Go's NRGBA): the luma of each pixel over white
// paper, then the mean of each destination pixel's source block, rounded
// half up, with Go's integer arithmetic.
function shrinkGrey(rgba, w, h, dw, dh) {
  const dst = new Uint8Array(dw * dh);
  const row = new Uint8Array(w);
  const sums = new Uint32Array(w);
  const xs = new Int32Array(dw + 1);
  for (let x = 0; x <= dw; x++) {
    xs[x] = Math.floor((x * w) / dw);
  }
  for (let y = 0; y < dh; y++) {
    const sy0 = Math.floor((y * h) / dh), sy1 = Math.floor(((y + 1) * h) / dh);
    sums.fill(0);
    for (let sy = sy0; sy < sy1; sy++) {
      let p = sy * w * 4;
      for (let x = 0; x < w; x++, p += 4) {
        const a = rgba[p + 3];
        // luma8: (19595 r + 38470 g + 7471 b + 2^15) >> 16
        const l = (19595 * rgba[p] + 38470 * rgba[p + 1] + 7471 * rgba[p + 2] + 32768) >>> 16;
        row[x] = a === 255 ? l : Math.floor((l * a + 255 * (255 - a) + 127) / 255);
      }
      for (let x = 0; x < w; x++) {
        sums[x] += row[x];
      }
    }
    const n = sy1 - sy0;
    const out = y * dw;
    for (let x = 0; x < dw; x++) {
      let s = 0;
      for (let i = xs[x]; i < xs[x + 1]; i++) {
        s += sums[i];
      }
      const cnt = n * (xs[x + 1] - xs[x]);
      dst[out + x] = Math.floor((s + Math.floor(cnt / 2)) / cnt);
    }
  }
  return dst;
}

// For the tests under node (web/worker_test.go): export the pure functions.
if (typeof module !== "undefined") {
  module.exports = { workingSize, shrinkGrey };
}
