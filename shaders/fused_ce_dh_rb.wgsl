// Fused cross-entropy, backward dH = W·S — register-blocked variant (no workgroup memory).
// S = softmax/n_used, recomputed from the logits and the rows' statistics; entries whose softmax is
// below the threshold (or underflows to 0) count as 0, and 4×4 blocks that are all 0 skip their products.
//
// Bindings (group 0):  0 params (uniform)   1 h: N × d4 vec4   2 w: V × d4 vec4   3 bias: V floats
//   4 labels: N i32   7 rows: N vec4 from the combine pass   8 dh: N × d4 vec4, written
// Workgroup size: 16.  Dispatch grid: (ceil(N / 64), ceil(d4 / D4C)).
// Each invocation owns 4 rows × D4C vec4 of dH (a chunk of d picked by the workgroup's y) and loops
// over the whole vocabulary, 4 entries at a time: it recomputes the 4×4 block of logits over all of d,
// forms S, and adds S·w_k to its accumulators, which live in registers (private memory) until the end.
// No other invocation writes those entries: no atomics (WGSL has none for floats).
// D4C (vec4 per chunk) is set by the host when it builds the pipeline: min(d4, 64), i.e. d ≤ 256 in
// one chunk; larger d recomputes the logits once per chunk.

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

const D4C: u32 = 16u;  // replaced by the host

@compute @workgroup_size(16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = params.n;
  let d4 = params.d4;
  let v = params.v;
  let row0 = gid.x * 4u;
  if (row0 >= n) { return; }
  let c_begin = wid.y * D4C;
  let c_count = min(D4C, d4 - min(d4, c_begin));
  let rid = min(vec4<u32>(row0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(n - 1u));
  // Per row: (max, log sum + log n) to form S, and whether the row counts (real and not ignored).
  var shift = vec4<f32>(0.0);
  var log_term = vec4<f32>(0.0);
  var used = vec4<bool>(false);
  for (var r = 0u; r < 4u; r += 1u) {
    let stats = rows[rid[r]];
    shift[r] = stats.x;
    log_term[r] = stats.w;
    used[r] = row0 + r < n && labels[rid[r]] != params.ignore_label;
  }
  var acc: array<vec4<f32>, 4u * D4C>;  // acc[r * D4C + c]: row r, vec4 c of the chunk
  for (var k0 = 0u; k0 < v; k0 += 4u) {
    let ks = vec4<u32>(k0) + vec4<u32>(0u, 1u, 2u, 3u);
    let valid = ks < vec4<u32>(v);
    let kc = min(ks, vec4<u32>(v - 1u));
    var z0 = vec4<f32>(0.0);
    var z1 = vec4<f32>(0.0);
    var z2 = vec4<f32>(0.0);
    var z3 = vec4<f32>(0.0);
    for (var c = 0u; c < d4; c += 1u) {
      let w0 = w[kc.x * d4 + c];
      let w1 = w[kc.y * d4 + c];
      let w2 = w[kc.z * d4 + c];
      let w3 = w[kc.w * d4 + c];
      let h0 = h[rid.x * d4 + c];
      let h1 = h[rid.y * d4 + c];
      let h2 = h[rid.z * d4 + c];
      let h3 = h[rid.w * d4 + c];
      z0 += vec4<f32>(dot(h0, w0), dot(h0, w1), dot(h0, w2), dot(h0, w3));
      z1 += vec4<f32>(dot(h1, w0), dot(h1, w1), dot(h1, w2), dot(h1, w3));
      z2 += vec4<f32>(dot(h2, w0), dot(h2, w1), dot(h2, w2), dot(h2, w3));
      z3 += vec4<f32>(dot(h3, w0), dot(h3, w1), dot(h3, w2), dot(h3, w3));
    }
    var b = vec4<f32>(0.0);
    if (params.has_bias != 0u) {
      b = vec4<f32>(bias[kc.x], bias[kc.y], bias[kc.z], bias[kc.w]);
    }
    var z = array<vec4<f32>, 4>(z0 + b, z1 + b, z2 + b, z3 + b);
    var kept = false;
    for (var r = 0u; r < 4u; r += 1u) {
      let p = exp((z[r] - vec4<f32>(shift[r])) - vec4<f32>(log_term[r]));
      let keep = valid & (p >= vec4<f32>(params.threshold)) & (p > vec4<f32>(0.0)) & vec4<bool>(used[r]);
      z[r] = select(vec4<f32>(0.0), p, keep);  // z now holds S
      kept = kept || any(keep);
    }
    if (!kept) { continue; }
    for (var c = 0u; c < c_count; c += 1u) {
      let col = c_begin + c;
      let w0 = w[kc.x * d4 + col];
      let w1 = w[kc.y * d4 + col];
      let w2 = w[kc.z * d4 + col];
      let w3 = w[kc.w * d4 + col];
      for (var r = 0u; r < 4u; r += 1u) {
        let sr = z[r];
        acc[r * D4C + c] += sr.x * w0 + sr.y * w1 + sr.z * w2 + sr.w * w3;
      }
    }
  }
  for (var r = 0u; r < 4u; r += 1u) {
    if (row0 + r < n) {
      for (var c = 0u; c < c_count; c += 1u) {
        dh[(row0 + r) * d4 + c_begin + c] = acc[r * D4C + c];
      }
    }
  }
}
