// A tile worker: opens the array where the page says, reads one region of a 2-D plane with
// `a.get([...index, slice(r0, r1), slice(c0, c1)])` (so the chunks are fetched and decoded
// here, off the page's thread) and sends back the values, as numbers a colour map can take.
import * as zarr from "zarrkit/browser";
import "./wasm-assets.js";
import { storeFor, type Source } from "./sources.js";
import type { TileReply, TileRequest, TileValues } from "./tile-messages.js";

const sources = new Map<number, Source>();
const arrays = new Map<string, Promise<zarr.ZarrArray>>();

function arrayFor(req: TileRequest): Promise<zarr.ZarrArray> {
  if (req.source) sources.set(req.sourceId, req.source);
  const key = `${req.sourceId}\n${req.path}`;
  let a = arrays.get(key);
  if (!a) {
    const source = sources.get(req.sourceId);
    if (!source) throw new zarr.ZarrError(`tile worker: unknown source ${req.sourceId}`);
    a = zarr.openArray(storeFor(source), { mode: "r", path: req.path });
    arrays.set(key, a);
    a.catch(() => arrays.delete(key));
  }
  return a;
}

/** The values as a typed array of their own (transferable); 64-bit integers as doubles. */
function ownValues(data: unknown): TileValues {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array)
    return Float64Array.from(data, Number);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const view = data as TileValues;
    return view.slice() as TileValues;
  }
  if (Array.isArray(data)) return Float64Array.from(data, (v) => Number(v));
  throw new zarr.ZarrError("tile worker: the array's values are not numbers");
}

async function read(req: TileRequest): Promise<TileReply> {
  const a = await arrayFor(req);
  const [r0, r1] = req.rows;
  const [c0, c1] = req.cols;
  // A 1-D array is shown as one row.
  const selection =
    a.ndim === 1 ? [zarr.slice(c0, c1)] : [...req.index, zarr.slice(r0, r1), zarr.slice(c0, c1)];
  const got = await a.get(selection);
  if (!(got instanceof zarr.NdArray))
    throw new zarr.ZarrError(`tile worker: ${a.name} did not give an array for the tile`);
  return { id: req.id, ok: true, values: ownValues(got.data), rows: r1 - r0, cols: c1 - c0 };
}

self.onmessage = async (ev: MessageEvent<TileRequest>) => {
  let reply: TileReply;
  try {
    reply = await read(ev.data);
  } catch (e) {
    reply = { id: ev.data.id, ok: false, message: (e as Error)?.message ?? String(e) };
  }
  (self as unknown as Worker).postMessage(reply, reply.ok ? [reply.values.buffer] : []);
};
