// Fused cross-entropy, forward partials — tiled variant: operand tiles staged through workgroup memory.
// Chosen for GPUs, where each h and w vec4 loaded once into workgroup memory serves 8 invocations.
//
// Bindings (group 0):  0 params (uniform)   1 h: N rows of d4 vec4   2 w: V rows of d4 vec4
//   3 bias: V floats (read when has_bias)   4 labels: N i32   5 partials: N × splits (max, sum), written
//   6 label_z: N floats, written
// Workgroup size: 64 (8 × 8).  Dispatch grid: (ceil(N / 32), splits).
// A workgroup owns 32 rows and the vocabulary split of its y, which it walks in tiles of 32 entries.
// Each tile's logits are accumulated over d in steps of 8 vec4: the workgroup stages 32 rows of H and
// 32 rows of W (8 vec4 each, 8 KiB) in workgroup memory, then invocation (ty, tx) forms the 4×4 block
// rows 4·ty…, entries 4·tx… in registers. Each invocation keeps an online (max, sum) for its 4 rows
// over its columns of every tile, and writes the label logit when it computed it; at the end the 8
// invocations sharing a row merge their (max, sum) through workgroup memory and one writes the partial.

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
@group(0) @binding(5) var<storage, read_write> partials: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read_write> label_z: array<f32>;

const LOWEST: f32 = -0x1.fffffep+127f;
const TILE: u32 = 32u;  // rows and entries per tile
const TK: u32 = 8u;     // vec4 of d per staging step

var<workgroup> h_tile: array<vec4<f32>, 256>;  // [row][vec4]: TILE × TK
var<workgroup> w_tile: array<vec4<f32>, 256>;  // [entry][vec4]
var<workgroup> merged: array<vec2<f32>, 256>;  // [row][tx]: each invocation's (max, sum)

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = params.n;
  let d4 = params.d4;
  let v = params.v;
  let ty = li / 8u;
  let tx = li % 8u;
  let row_base = wid.x * TILE;
  let split = wid.y;
  let k_begin = split * params.split_len;
  let k_end = min(v, k_begin + params.split_len);
  let my_rows = vec4<u32>(row_base + ty * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
  let rid = min(my_rows, vec4<u32>(n - 1u));
  let ys = vec4<i32>(labels[rid.x], labels[rid.y], labels[rid.z], labels[rid.w]);
  var m = vec4<f32>(LOWEST);
  var s = vec4<f32>(0.0);
  for (var t0 = k_begin; t0 < k_end; t0 += TILE) {
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
    let k0 = t0 + tx * 4u;
    let ks = vec4<u32>(k0) + vec4<u32>(0u, 1u, 2u, 3u);
    let valid = ks < vec4<u32>(k_end);
    var b = vec4<f32>(0.0);
    if (params.has_bias != 0u) {
      let kc = min(ks, vec4<u32>(v - 1u));
      b = vec4<f32>(bias[kc.x], bias[kc.y], bias[kc.z], bias[kc.w]);
    }
    var z = array<vec4<f32>, 4>(z0 + b, z1 + b, z2 + b, z3 + b);
    for (var r = 0u; r < 4u; r += 1u) {
      let zr = select(vec4<f32>(LOWEST), z[r], valid);
      let m_new = max(m[r], max(max(zr.x, zr.y), max(zr.z, zr.w)));
      let e = select(vec4<f32>(0.0), exp(zr - vec4<f32>(m_new)), valid);
      s[r] = s[r] * exp(m[r] - m_new) + (e.x + e.y + e.z + e.w);
      m[r] = m_new;
      let offset = ys[r] - i32(k0);
      if (offset >= 0 && offset < 4 && my_rows[r] < n) {
        label_z[my_rows[r]] = z[r][offset];
      }
    }
  }
  for (var r = 0u; r < 4u; r += 1u) {
    merged[(ty * 4u + r) * 8u + tx] = vec2<f32>(m[r], s[r]);
  }
  workgroupBarrier();
  let row = row_base + li;
  if (li < TILE && row < n) {
    var mm = LOWEST;
    for (var j = 0u; j < 8u; j += 1u) {
      mm = max(mm, merged[li * 8u + j].x);
    }
    var ss = 0.0;
    for (var j = 0u; j < 8u; j += 1u) {
      let p = merged[li * 8u + j];
      ss += p.y * exp(p.x - mm);
    }
    partials[row * params.splits + split] = vec2<f32>(mm, ss);
  }
}
