// Fused cross-entropy, backward dW = H·Sᵀ and db = row sums of S — tiled variant: operand tiles and
// S staged through workgroup memory. S = softmax/n_used, recomputed; entries below the threshold (or
// 0) count as 0, and a tile whose S is 0 everywhere skips its products.
//
// Bindings (group 0):  0 params (uniform)   1 h: N × d4 vec4   2 w: V × d4 vec4   3 bias: V floats
//   4 labels: N i32   7 rows: N vec4 from the combine pass   9 dw: V × d4 vec4, written
//   10 db: V floats, written by the workgroups of the first d chunk
// Workgroup size: 64 (8 × 8).  Dispatch grid: (ceil(V / 32), ceil(d4 / 32)).
// A workgroup owns 32 vocabulary entries × 32 vec4 of d (a chunk picked by its y) and loops over all
// rows in tiles of 32. Per tile: (1) the 32×32 logits over all of d, with 8-vec4 steps of H and W
// staged in workgroup memory, invocation (ty, tx) forming entries 4·ty…, rows 4·tx… in registers;
// (2) Sᵀ for that block into a workgroup tile; (3) invocation (ty, tx) adds Sᵀ[entries 4·ty…, all 32
// rows] · H[rows, vec4 4·tx…] to its 4 × 4 vec4 of accumulators, and the invocations with tx = 0 add
// the entries' S to db. Nobody else writes those entries: no atomics.

struct Params {
  n: u32, d4: u32, v: u32, splits: u32,
  split_len: u32, ignore_label: i32, has_bias: u32, d4_chunk: u32,
  threshold: f32, log_n_used: f32, pad0: u32, pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> h: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> labels: array<i32>;
@group(0) @binding(7) var<storage, read> rows: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read_write> dw: array<vec4<f32>>;
@group(0) @binding(10) var<storage, read_write> db: array<f32>;

const TILE: u32 = 32u;  // rows and entries per tile
const TK: u32 = 8u;     // vec4 of d per staging step
const D4_PER_GROUP: u32 = 32u;   // vec4 of d per workgroup (8 invocations × 4)

var<workgroup> h_tile: array<vec4<f32>, 256>;  // [row][vec4]: TILE × TK
var<workgroup> w_tile: array<vec4<f32>, 256>;  // [entry][vec4]
var<workgroup> s_tile: array<vec4<f32>, 256>;  // [entry][rows 4q … 4q + 3]: TILE × 8
var<workgroup> kept_tile: atomic<u32>;          // 1 + the last tile with an entry kept

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = params.n;
  let d4 = params.d4;
  let v = params.v;
  let ty = li / 8u;
  let tx = li % 8u;
  let entry_base = wid.x * TILE;
  let my_entries = vec4<u32>(entry_base + ty * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
  let kc = min(my_entries, vec4<u32>(v - 1u));
  let valid = my_entries < vec4<u32>(v);
  var b = vec4<f32>(0.0);
  if (params.has_bias != 0u) {
    b = vec4<f32>(bias[kc.x], bias[kc.y], bias[kc.z], bias[kc.w]);
  }
  let col0 = wid.y * D4_PER_GROUP + tx * 4u;  // this invocation's first vec4 of d
  var acc: array<vec4<f32>, 16>;      // acc[j * 4 + q]: entry 4·ty + j, vec4 col0 + q
  var db_acc = vec4<f32>(0.0);
  var tile = 0u;
  for (var i0 = 0u; i0 < n; i0 += TILE) {
    tile += 1u;
    var z0 = vec4<f32>(0.0);  // z_j: entry 4·ty + j, rows i0 + 4·tx …
    var z1 = vec4<f32>(0.0);
    var z2 = vec4<f32>(0.0);
    var z3 = vec4<f32>(0.0);
    for (var c0 = 0u; c0 < d4; c0 += TK) {
      for (var q = 0u; q < 4u; q += 1u) {
        let e = li + q * 64u;
        let r = e / TK;
        let col = c0 + e % TK;
        let hr = i0 + r;
        let k = entry_base + r;
        let col_c = min(col, d4 - 1u);
        h_tile[e] = select(vec4<f32>(0.0), h[min(hr, n - 1u) * d4 + col_c], hr < n && col < d4);
        w_tile[e] = select(vec4<f32>(0.0), w[min(k, v - 1u) * d4 + col_c], k < v && col < d4);
      }
      workgroupBarrier();
      for (var c = 0u; c < TK; c += 1u) {
        let w0 = w_tile[(ty * 4u) * TK + c];
        let w1 = w_tile[(ty * 4u + 1u) * TK + c];
        let w2 = w_tile[(ty * 4u + 2u) * TK + c];
        let w3 = w_tile[(ty * 4u + 3u) * TK + c];
        let h0 = h_tile[(tx * 4u) * TK + c];
        let h1 = h_tile[(tx * 4u + 1u) * TK + c];
        let h2 = h_tile[(tx * 4u + 2u) * TK + c];
        let h3 = h_tile[(tx * 4u + 3u) * TK + c];
        z0 += vec4<f32>(dot(w0, h0), dot(w0, h1), dot(w0, h2), dot(w0, h3));
        z1 += vec4<f32>(dot(w1, h0), dot(w1, h1), dot(w1, h2), dot(w1, h3));
        z2 += vec4<f32>(dot(w2, h0), dot(w2, h1), dot(w2, h2), dot(w2, h3));
        z3 += vec4<f32>(dot(w3, h0), dot(w3, h1), dot(w3, h2), dot(w3, h3));
      }
      workgroupBarrier();
    }
    // The 4 rows of this block: their statistics, and whether they count.
    let row_ids = vec4<u32>(i0 + tx * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
    let rid = min(row_ids, vec4<u32>(n - 1u));
    let st0 = rows[rid.x];
    let st1 = rows[rid.y];
    let st2 = rows[rid.z];
    let st3 = rows[rid.w];
    let shift = vec4<f32>(st0.x, st1.x, st2.x, st3.x);
    let log_term = vec4<f32>(st0.w, st1.w, st2.w, st3.w);
    let ys = vec4<i32>(labels[rid.x], labels[rid.y], labels[rid.z], labels[rid.w]);
    let used = (row_ids < vec4<u32>(n)) & (ys != vec4<i32>(params.ignore_label));
    let z = array<vec4<f32>, 4>(z0 + vec4<f32>(b.x), z1 + vec4<f32>(b.y), z2 + vec4<f32>(b.z), z3 + vec4<f32>(b.w));
    var kept = false;
    for (var j = 0u; j < 4u; j += 1u) {
      let p = exp((z[j] - shift) - log_term);
      let keep = used & (p >= vec4<f32>(params.threshold)) & (p > vec4<f32>(0.0)) & vec4<bool>(valid[j]);
      s_tile[(ty * 4u + j) * 8u + tx] = select(vec4<f32>(0.0), p, keep);
      kept = kept || any(keep);
    }
    if (kept) { atomicMax(&kept_tile, tile); }
    workgroupBarrier();
    if (atomicLoad(&kept_tile) == tile) {
      for (var rq = 0u; rq < 8u; rq += 1u) {
        let s0 = s_tile[(ty * 4u) * 8u + rq];
        let s1 = s_tile[(ty * 4u + 1u) * 8u + rq];
        let s2 = s_tile[(ty * 4u + 2u) * 8u + rq];
        let s3 = s_tile[(ty * 4u + 3u) * 8u + rq];
        if (tx == 0u) {
          db_acc += vec4<f32>(dot(s0, vec4<f32>(1.0)), dot(s1, vec4<f32>(1.0)), dot(s2, vec4<f32>(1.0)),
                              dot(s3, vec4<f32>(1.0)));
        }
        for (var rr = 0u; rr < 4u; rr += 1u) {
          let i = min(i0 + rq * 4u + rr, n - 1u);  // past N, S is 0: any valid row will do
          for (var q = 0u; q < 4u; q += 1u) {
            let hv = h[i * d4 + min(col0 + q, d4 - 1u)];
            acc[q] += s0[rr] * hv;
            acc[4u + q] += s1[rr] * hv;
            acc[8u + q] += s2[rr] * hv;
            acc[12u + q] += s3[rr] * hv;
          }
        }
      }
    }
    workgroupBarrier();  // s_tile is rewritten by the next tile
  }
  for (var j = 0u; j < 4u; j += 1u) {
    if (my_entries[j] < v) {
      for (var q = 0u; q < 4u; q += 1u) {
        if (col0 + q < d4) {
          dw[my_entries[j] * d4 + col0 + q] = acc[j * 4u + q];
        }
      }
      if (wid.y == 0u && tx == 0u) {
        db[my_entries[j]] = db_acc[j];
      }
    }
  }
}
