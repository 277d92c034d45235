// Fused cross-entropy, combine: merges each row's per-split (max, sum) into the row's statistics, for
// the CPU (loss) and for the backward kernels (softmax). Shared by both kernel variants.
//
// Bindings (group 0):  0 params (uniform)   4 labels: N i32   5 partials: N × splits (max, sum)
//   6 label_z: N floats   7 rows: N vec4, written: (max, sum, label logit or 0 if ignored,
//   log(sum) + log(n_used))
// Workgroup size: 64.  Dispatch grid: (ceil(N / 64)).
// Each invocation owns one row. The backward forms S/n_used = exp((z − max) − (log sum + log n_used)):
// max is a float logit, so z − max is exact where it matters, and the small second term keeps its
// precision — forming lse = max + log sum in float would lose half an ulp of |lse| in every entry.

struct Params {
  n: u32, d4: u32, v: u32, splits: u32,
  split_len: u32, ignore_label: i32, has_bias: u32, d4_chunk: u32,
  threshold: f32, log_n_used: f32, pad0: u32, pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read> labels: array<i32>;
@group(0) @binding(5) var<storage, read> partials: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read> label_z: array<f32>;
@group(0) @binding(7) var<storage, read_write> rows: array<vec4<f32>>;

const LOWEST: f32 = -0x1.fffffep+127f;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.n) { return; }
  let first = i * params.splits;
  var m = LOWEST;
  for (var j = 0u; j < params.splits; j += 1u) {
    m = max(m, partials[first + j].x);
  }
  var s = 0.0;
  for (var j = 0u; j < params.splits; j += 1u) {
    let p = partials[first + j];
    s += p.y * exp(p.x - m);
  }
  let used = labels[i] != params.ignore_label;
  rows[i] = vec4<f32>(m, s, select(0.0, label_z[i], used), log(s) + params.log_n_used);
}
