// Fused cross-entropy, backward dH = W·S — tiled variant: operand tiles and S staged through workgroup
// memory. S = softmax/n_used, recomputed; entries below the threshold (or 0) count as 0, and a tile
// whose S is 0 everywhere skips its products.
//
// Bindings (group 0):  0 params (uniform)   1 h: N × d4 vec4   2 w: V × d4 vec4   3 bias: V floats
//   4 labels: N i32   7 rows: N vec4 from the combine pass   8 dh: N × d4 vec4, written
// Workgroup size: 64 (8 × 8).  Dispatch grid: (ceil(N / 32), ceil(d4 / 32)).
// A workgroup owns 32 rows × 32 vec4 (128 values) of d — a chunk picked by its y — and loops over the
// whole vocabulary in tiles of 32 entries. Per tile: (1) the 32×32 logits, accumulated over all of d
// with 8-vec4 steps of H and W staged in workgroup memory, invocation (ty, tx) forming rows 4·ty…,
// entries 4·tx… in registers; (2) S for that block, written to a workgroup tile; (3) invocation
// (ty, tx) adds S[rows 4·ty…, all 32 entries] · W[entries, vec4 4·tx…] to its 4 × 4 vec4 of
// accumulators. Nobody else writes those dH entries: no atomics. d > 128 recomputes the logits once
// per chunk.

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
@group(0) @binding(8) var<storage, read_write> dh: array<vec4<f32>>;

const TILE: u32 = 32u;  // rows and entries per tile
const TK: u32 = 8u;     // vec4 of d per staging step
const D4_PER_GROUP: u32 = 32u;   // vec4 of d per workgroup (8 invocations × 4)

var<workgroup> h_tile: array<vec4<f32>, 256>;  // [row][vec4]: TILE × TK
var<workgroup> w_tile: array<vec4<f32>, 256>;  // [entry][vec4]
var<workgroup> s_tile: array<vec4<f32>, 256>;  // [row][entries 4q … 4q + 3]: TILE × 8
var<workgroup> kept_tile: atomic<u32>;          // 1 + the last tile with an entry kept

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = params.n;
  let d4 = params.d4;
  let v = params.v;
  let ty = li / 8u;
  let tx = li % 8u;
  let row_base = wid.x * TILE;
  let my_rows = vec4<u32>(row_base + ty * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
  let rid = min(my_rows, vec4<u32>(n - 1u));
  var shift = vec4<f32>(0.0);
  var log_term = vec4<f32>(0.0);
  var used = vec4<bool>(false);
  for (var r = 0u; r < 4u; r += 1u) {
    let stats = rows[rid[r]];
    shift[r] = stats.x;
    log_term[r] = stats.w;
    used[r] = my_rows[r] < n && labels[rid[r]] != params.ignore_label;
  }
  let col0 = wid.y * D4_PER_GROUP + tx * 4u;  // this invocation's first vec4 of d
  var acc: array<vec4<f32>, 16>;      // acc[r * 4 + q]: row 4·ty + r, vec4 col0 + q
  var tile = 0u;
  for (var t0 = 0u; t0 < v; t0 += TILE) {
    tile += 1u;
    var z0 = vec4<f32>(0.0);
    var z1 = vec4<f32>(0.0);
    var z2 = vec4<f32>(0.0);
    var z3 = vec4<f32>(0.0);
    for (var c0 = 0u; c0 < d4; c0 += TK) {
      for (var q = 0u; q < 4u; q += 1u) {
        let e = li + q * 64u;
        let r = e / TK;
        let col = c0 + e % TK;
        let hr = row_base + r;
        let k = t0 + r;
        let col_c = min(col, d4 - 1u);
        h_tile[e] = select(vec4<f32>(0.0), h[min(hr, n - 1u) * d4 + col_c], hr < n && col < d4);
        w_tile[e] = select(vec4<f32>(0.0), w[min(k, v - 1u) * d4 + col_c], k < v && col < d4);
      }
      workgroupBarrier();
      for (var c = 0u; c < TK; c += 1u) {
        let h0 = h_tile[(ty * 4u) * TK + c];
        let h1 = h_tile[(ty * 4u + 1u) * TK + c];
        let h2 = h_tile[(ty * 4u + 2u) * TK + c];
        let h3 = h_tile[(ty * 4u + 3u) * TK + c];
        let w0 = w_tile[(tx * 4u) * TK + c];
        let w1 = w_tile[(tx * 4u + 1u) * TK + c];
        let w2 = w_tile[(tx * 4u + 2u) * TK + c];
        let w3 = w_tile[(tx * 4u + 3u) * TK + c];
        z0 += vec4<f32>(dot(h0, w0), dot(h0, w1), dot(h0, w2), dot(h0, w3));
        z1 += vec4<f32>(dot(h1, w0), dot(h1, w1), dot(h1, w2), dot(h1, w3));
        z2 += vec4<f32>(dot(h2, w0), dot(h2, w1), dot(h2, w2), dot(h2, w3));
        z3 += vec4<f32>(dot(h3, w0), dot(h3, w1), dot(h3, w2), dot(h3, w3));
      }
      workgroupBarrier();
    }
    let ks = vec4<u32>(t0 + tx * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
    let valid = ks < vec4<u32>(v);
    var b = vec4<f32>(0.0);
    if (params.has_bias != 0u) {
      let kc = min(ks, vec4<u32>(v - 1u));
      b = vec4<f32>(bias[kc.x], bias[kc.y], bias[kc.z], bias[kc.w]);
    }
    let z = array<vec4<f32>, 4>(z0 + b, z1 + b, z2 + b, z3 + b);
    var kept = false;
    for (var r = 0u; r < 4u; r += 1u) {
      let p = exp((z[r] - vec4<f32>(shift[r])) - vec4<f32>(log_term[r]));
      let keep = valid & (p >= vec4<f32>(params.threshold)) & (p > vec4<f32>(0.0)) & vec4<bool>(used[r]);
      s_tile[(ty * 4u + r) * 8u + tx] = select(vec4<f32>(0.0), p, keep);
      kept = kept || any(keep);
    }
    if (kept) { atomicMax(&kept_tile, tile); }
    workgroupBarrier();
    if (atomicLoad(&kept_tile) == tile) {
      for (var kq = 0u; kq < 8u; kq += 1u) {
        let s0 = s_tile[(ty * 4u) * 8u + kq];
        let s1 = s_tile[(ty * 4u + 1u) * 8u + kq];
        let s2 = s_tile[(ty * 4u + 2u) * 8u + kq];
        let s3 = s_tile[(ty * 4u + 3u) * 8u + kq];
        for (var j = 0u; j < 4u; j += 1u) {
          let k = min(t0 + kq * 4u + j, v - 1u);  // past V, S is 0: any valid row will do
          for (var q = 0u; q < 4u; q += 1u) {
            let wv = w[k * d4 + min(col0 + q, d4 - 1u)];
            acc[q] += s0[j] * wv;
            acc[4u + q] += s1[j] * wv;
            acc[8u + q] += s2[j] * wv;
            acc[12u + q] += s3[j] * wv;
          }
        }
      }
    }
    workgroupBarrier();  // s_tile is rewritten by the next tile
  }
  for (var r = 0u; r < 4u; r += 1u) {
    for (var q = 0u; q < 4u; q += 1u) {
      if (my_rows[r] < n && col0 + q < d4) {
        dh[my_rows[r] * d4 + col0 + q] = acc[r * 4u + q];
      }
    }
  }
}
