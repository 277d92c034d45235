// Fused cross-entropy, forward partials — register-blocked variant (no workgroup memory).
// Chosen for CPU adapters (SwiftShader): there, barriers and workgroup memory cost more than they save.
//
// Bindings (group 0):  0 params (uniform)   1 h: N rows of d4 vec4 (row i = token i's hidden state)
//   2 w: V rows of d4 vec4 (row k = token k's classifier vector)   3 bias: V floats (read when has_bias)
//   4 labels: N i32   5 partials: N × splits (max, sum), written   6 label_z: N floats, written
// Workgroup size: 16.  Dispatch grid: (ceil(N / 64), splits).
// Each invocation owns 4 consecutive rows and the vocabulary split of its workgroup's y: it walks that
// split 4 entries at a time, forms the 4×4 block of logits in registers (each h and w vec4 is loaded
// once per block and used 4 times), and keeps an online (max, sum of exp(z − max)) per row. It writes
// the 4 rows' (max, sum) for its split, and the label's logit for each row whose label lies in it —
// exactly one invocation covers a given (row, entry), so no write is shared.

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

const LOWEST: f32 = -0x1.fffffep+127f;  // a finite "minus infinity": LOWEST − x never makes a NaN

@compute @workgroup_size(16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = params.n;
  let d4 = params.d4;
  let row0 = gid.x * 4u;
  if (row0 >= n) { return; }
  let split = wid.y;
  let k_begin = split * params.split_len;
  let k_end = min(params.v, k_begin + params.split_len);
  // Rows past N repeat the last row (valid loads); their results are never written.
  let rows = min(vec4<u32>(row0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(n - 1u));
  let ys = vec4<i32>(labels[rows.x], labels[rows.y], labels[rows.z], labels[rows.w]);
  var m = vec4<f32>(LOWEST);
  var s = vec4<f32>(0.0);
  for (var k0 = k_begin; k0 < k_end; k0 += 4u) {
    let ks = vec4<u32>(k0) + vec4<u32>(0u, 1u, 2u, 3u);
    let valid = ks < vec4<u32>(k_end);
    let kc = min(ks, vec4<u32>(params.v - 1u));
    var z0 = vec4<f32>(0.0);  // z_r = logits of row r for entries k0 … k0 + 3
    var z1 = vec4<f32>(0.0);
    var z2 = vec4<f32>(0.0);
    var z3 = vec4<f32>(0.0);
    for (var c = 0u; c < d4; c += 1u) {
      let w0 = w[kc.x * d4 + c];
      let w1 = w[kc.y * d4 + c];
      let w2 = w[kc.z * d4 + c];
      let w3 = w[kc.w * d4 + c];
      let h0 = h[rows.x * d4 + c];
      let h1 = h[rows.y * d4 + c];
      let h2 = h[rows.z * d4 + c];
      let h3 = h[rows.w * d4 + c];
      z0 += vec4<f32>(dot(h0, w0), dot(h0, w1), dot(h0, w2), dot(h0, w3));
      z1 += vec4<f32>(dot(h1, w0), dot(h1, w1), dot(h1, w2), dot(h1, w3));
      z2 += vec4<f32>(dot(h2, w0), dot(h2, w1), dot(h2, w2), dot(h2, w3));
      z3 += vec4<f32>(dot(h3, w0), dot(h3, w1), dot(h3, w2), dot(h3, w3));
    }
    if (params.has_bias != 0u) {
      let b = vec4<f32>(bias[kc.x], bias[kc.y], bias[kc.z], bias[kc.w]);
      z0 += b;
      z1 += b;
      z2 += b;
      z3 += b;
    }
    var z = array<vec4<f32>, 4>(z0, z1, z2, z3);
    for (var r = 0u; r < 4u; r += 1u) {
      let zr = select(vec4<f32>(LOWEST), z[r], valid);
      let block_max = max(max(zr.x, zr.y), max(zr.z, zr.w));
      let m_new = max(m[r], block_max);
      let e = select(vec4<f32>(0.0), exp(zr - vec4<f32>(m_new)), valid);
      s[r] = s[r] * exp(m[r] - m_new) + (e.x + e.y + e.z + e.w);
      m[r] = m_new;
      let offset = ys[r] - i32(k0);
      if (offset >= 0 && offset < 4 && row0 + r < n) {
        label_z[rows[r]] = z[r][offset];
      }
    }
  }
  for (var r = 0u; r < 4u; r += 1u) {
    if (row0 + r < n) {
      partials[(row0 + r) * params.splits + split] = vec2<f32>(m[r], s[r]);
    }
  }
}
