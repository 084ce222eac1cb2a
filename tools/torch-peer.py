#!/usr/bin/python3
"""The PyTorch-eager peer of `bench --scoring`: the same ONNX Llama run in plain PyTorch, scored the way a Python user would.

Loads the weights of an ONNX Llama in the layout ../shared/tools/llama-onnx.py writes (Hugging Face inputs/outputs; initializers
tok_embeddings, l{i}.wq/wk/wv/wo/w1/w2/w3 stored as [in, out], l{i}.attn_norm/ffn_norm, final_norm, lm_head, rope_cos/rope_sin)
and runs the graph's math eagerly: RMSNorm, rotary embeddings on interleaved pairs, GQA attention with a causal mask, SwiGLU,
final norm, lm head. Scoring = one batched forward over [context + response] rows, log_softmax, gather of the chosen tokens.
float32, torch.inference_mode(), 2 threads (the bench machine's cores).

  torch-peer.py                     check against stories260K's reference.json, then time stories260K and the bench's 15M model
  torch-peer.py --serve             for `bench --scoring --peer`: one JSON request line on stdin ({onnx, context, responses,
                                    expected?}), answers {ready, maxDiff, torch}; then one scoring per "time" line, answering its ms

Needs Debian's python3-torch, python3-onnx and python3-numpy: run it with /usr/bin/python3. Not part of CI.
"""
import argparse, json, os, statistics, sys, time
import numpy as np
import onnx
from onnx import numpy_helper as NH

# The peer at its best on this machine, set before torch loads. Debian's torch calls the system BLAS: with the reference
# BLAS (Debian's default) a forward is ~25× slower, so install libopenblas0-pthread. OpenBLAS 0.3.21 takes this AVX-512
# AMD EPYC for Haswell (AVX2 kernels, 1.6× slower sgemm; this machine's environment even sets OPENBLAS_CORETYPE=Haswell:
# TORCH_PEER_CORETYPE=Haswell measures that), and libgomp's spinning workers otherwise contend with OpenBLAS's own threads
# for the 2 cores (15M: ~440 ms against ~290 ms passive).
if 'avx512f' in open('/proc/cpuinfo').read():
    os.environ['OPENBLAS_CORETYPE'] = os.environ.get('TORCH_PEER_CORETYPE', 'SkylakeX')
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
BLAS = os.path.realpath('/usr/lib/x86_64-linux-gnu/libblas.so.3')
if 'openblas' not in BLAS:
    print(f'warning: the system BLAS is {BLAS}, not OpenBLAS: the peer will be far slower than it can be '
          '(apt-get install -y libopenblas0-pthread)', file=sys.stderr)
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STORIES = os.path.join(ROOT, 'models', 'stories260K')  # the same files as ../shared/models/stories260K


class Llama:
    def __init__(self, onnx_path):
        cfg = json.load(open(os.path.join(os.path.dirname(onnx_path), 'config.json')))
        w = {i.name: torch.from_numpy(NH.to_array(i).copy()) for i in onnx.load(onnx_path).graph.initializer}
        self.layers, self.heads, self.kv_heads = cfg['num_hidden_layers'], cfg['num_attention_heads'], cfg['num_key_value_heads']
        self.head_dim, self.eps = cfg['hidden_size'] // self.heads, cfg.get('rms_norm_eps', 1e-5)
        self.w, self.cos, self.sin = w, w['rope_cos'], w['rope_sin']  # [seq, head_dim / 2]

    def rms(self, x, weight):  # as the graph: x / sqrt(mean(x²) + eps) * weight
        return x / torch.sqrt((x * x).mean(-1, keepdim=True) + self.eps) * weight

    def rope(self, x, cos, sin):  # x [B, h, S, hd]; pairs (2i, 2i+1) rotated, as in llama2.c
        a, b = x[..., 0::2], x[..., 1::2]
        return torch.stack((a * cos - b * sin, a * sin + b * cos), dim=-1).flatten(-2)

    def forward(self, ids):  # ids [B, S], no padding -> logits [B, S, vocab]
        B, S = ids.shape
        w, hd = self.w, self.head_dim
        x = w['tok_embeddings'][ids]
        cos, sin = self.cos[:S][None, None], self.sin[:S][None, None]
        mask = torch.full((S, S), float('-inf')).triu(1)
        rep = self.heads // self.kv_heads
        for l in range(self.layers):
            h = self.rms(x, w[f'l{l}.attn_norm'])
            q = (h @ w[f'l{l}.wq']).view(B, S, self.heads, hd).transpose(1, 2)
            k = (h @ w[f'l{l}.wk']).view(B, S, self.kv_heads, hd).transpose(1, 2)
            v = (h @ w[f'l{l}.wv']).view(B, S, self.kv_heads, hd).transpose(1, 2)
            q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
            k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
            att = torch.softmax(q @ k.transpose(-2, -1) / hd ** 0.5 + mask, dim=-1)
            o = (att @ v).transpose(1, 2).reshape(B, S, -1)
            x = x + o @ w[f'l{l}.wo']
            h = self.rms(x, w[f'l{l}.ffn_norm'])
            x = x + (torch.nn.functional.silu(h @ w[f'l{l}.w1']) * (h @ w[f'l{l}.w3'])) @ w[f'l{l}.w2']
        return self.rms(x, w['final_norm']) @ w['lm_head']


def score(model, batch, n_context):
    """The peer's scoring: log-probs of each row's tokens after the context, [rows, response length]."""
    logits = model.forward(batch)
    logp = torch.log_softmax(logits[:, n_context - 1:-1], dim=-1)
    return logp.gather(-1, batch[:, n_context:].unsqueeze(-1)).squeeze(-1)


def batch_of(context, responses):
    return torch.tensor([list(context) + list(r) for r in responses], dtype=torch.long)


def timed(model, batch, n_context):
    start = time.perf_counter()
    score(model, batch, n_context)
    return (time.perf_counter() - start) * 1000


def check_reference():
    ref = json.load(open(os.path.join(STORIES, 'reference.json')))
    model = Llama(os.path.join(STORIES, 'model.onnx'))
    worst = 0.0
    for case in ref['cases']:
        for ctx_key, lp_key in (('no_preference_context_ids', 'logprob_without_preference'), ('preference_context_ids', 'logprob_with_preference')):
            ctx = case[ctx_key]
            got = score(model, batch_of(ctx, [case['response_ids']]), len(ctx))[0].numpy()
            worst = max(worst, float(np.abs(got - np.array(case[lp_key], dtype=np.float32)).max()))
    print(f'stories260K against reference.json: max |Δ log-prob| = {worst:.2e}')
    if not worst <= 1e-4:
        sys.exit(f'FAILED: the peer differs from reference.json by {worst:.2e} (> 1e-4)')


def bench_model(name, folder, repeats, rng):
    model = Llama(os.path.join(folder, 'model.onnx'))
    vocab = model.w['lm_head'].shape[1]
    context = [1, 403, 407, 261, 378]  # BOS + "Once upon a time", the bench's ℓ0 context
    batch = batch_of(context, rng.integers(3, vocab, size=(16, 64)).tolist())
    for _ in range(2):
        timed(model, batch, len(context))
    times = [timed(model, batch, len(context)) for _ in range(repeats)]
    print(f'{name}: peer scoring 16 × {batch.shape[1]} tokens, median {statistics.median(times):.1f} ms '
          f'(min {min(times):.1f}, max {max(times):.1f}, {repeats} repeats)')


def serve():
    request = json.loads(sys.stdin.readline())
    model, context = Llama(request['onnx']), request['context']
    batch = batch_of(context, request['responses'])
    got = score(model, batch, len(context))
    diff = float((got - torch.tensor(request['expected'])).abs().max()) if request.get('expected') else None
    for _ in range(2):
        timed(model, batch, len(context))
    print(json.dumps({'ready': True, 'maxDiff': diff, 'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'blas': f"{os.path.basename(os.path.dirname(BLAS))} {os.environ.get('OPENBLAS_CORETYPE', '')}".strip()}), flush=True)
    for line in sys.stdin:
        if line.strip() == 'time':
            print(json.dumps({'ms': timed(model, batch, len(context))}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--serve', action='store_true')
    p.add_argument('--repeats', type=int, default=9)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--work-dir', default=os.path.join(ROOT, '.artifacts', 'bench-models'), help='where `bench` put random-15M')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    with torch.inference_mode():
        if a.serve:
            return serve()
        print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS {BLAS}, '
              f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')} OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}")
        check_reference()
        rng = np.random.default_rng(0)
        bench_model('stories260K', STORIES, a.repeats, rng)
        folder = os.path.join(a.work_dir, 'random-15M')
        if os.path.exists(os.path.join(folder, 'model.onnx')):
            bench_model('15M', folder, a.repeats, rng)
        else:
            print(f'15M: {folder} not found; run `bench --scoring --models 15M` first to generate it')


if __name__ == '__main__':
    main()
