#!/usr/bin/python3
"""Char-level RNN peer benchmark (PyTorch).

embedding -> nn.LSTM / nn.GRU (N layers) -> nn.Linear(vocab); Adam; CE on integer
targets; global-norm gradient clipping 5; stateful truncated BPTT: the training text
is cut into `batch` contiguous streams, each step takes the next `seq` chars of every
stream, hidden state carried across steps (detached).

Split: first 90% of the corpus = train, last 10% = validation.

Run with Debian's python explicitly:  /usr/bin/python3 torch_charrnn.py --help

rnn's copy of the shared peer (../shared/bench/torch_charrnn.py). Added, so that the peer can be given the
settings rnn is given (issue 10), each off by default so that the original behaviour is what runs without them:
  --dropout P          nn.Dropout after every recurrent layer (nn.LSTM's own dropout between layers, one more
                       after the last), as rnn's --dropout
  --lr-schedule S      constant (the original), cosine (to a tenth of --lr exactly when the --seconds budget of
                       training time is spent), as rnn's --lr-schedule cosine with --max-time
  --warmup N           linear warm-up over the first N steps or the first tenth of the budget, as rnn's --warmup
  --weight-decay X     torch.optim.AdamW on the 2-D weights (biases not decayed), as rnn's --weight-decay
  --weight-drop P      DropConnect on every weight_hh_l<k> (AWD-LSTM's weight drop), one mask per layer and
                       step, by calling the module's own kernel with the dropped weights, as rnn's --weight-drop
  --save-init FILE     write the initial weights as an rnn checkpoint (format 2), so that
                       `rnn train --init-from FILE` starts from exactly the peer's initial model (LSTM only)
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn

DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpora",
                              "tinyshakespeare.txt")


class CharRNN(nn.Module):
    def __init__(self, vocab, embed, hidden, layers, cell, dropout=0.0, weight_drop=0.0):
        super().__init__()
        self.cell = cell
        self.weight_drop = weight_drop
        self.emb = nn.Embedding(vocab, embed)
        rnn_cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]  # nn.RNN: tanh
        self.rnn = rnn_cls(embed, hidden, num_layers=layers, dropout=dropout if layers > 1 else 0.0)  # time-major [T, B, E]
        self.drop = nn.Dropout(dropout)  # after the last layer too, as rnn's --dropout
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        if self.weight_drop > 0 and self.training:
            h, state = self.recurrent(self.emb(x), state, self.weight_drop)
        else:
            h, state = self.rnn(self.emb(x), state)
        return self.out(self.drop(h)), state

    def recurrent(self, e, state, weight_drop):
        """self.rnn's own kernel, as nn.LSTM/GRU/RNN.forward calls it, with every W_hh replaced by
        dropout(W_hh, p) = W_hh * mask / (1 - p): one mask per layer and call (AWD-LSTM's weight drop).
        The kernel reads the module's flat weight list, so swapping the attribute would not reach it."""
        rnn = self.rnn
        weights = [nn.functional.dropout(w, weight_drop) if name.startswith("weight_hh") else w
                   for name, w in zip(rnn._flat_weights_names, rnn._flat_weights)]
        if state is None:
            zeros = e.new_zeros(rnn.num_layers, e.size(1), rnn.hidden_size)
            state = (zeros, zeros) if self.cell == "lstm" else zeros
        flags = (rnn.bias, rnn.num_layers, rnn.dropout, self.training, False, False)  # bidirectional, batch_first
        if self.cell == "lstm":
            h, hn, cn = torch._VF.lstm(e, state, weights, *flags)
            return h, (hn, cn)
        h, hn = (torch._VF.gru if self.cell == "gru" else torch._VF.rnn_tanh)(e, state, weights, *flags)
        return h, hn


def crc32c(data, crc=0):
    """CRC-32C (Castagnoli), as java.util.zip.CRC32C."""
    table = crc32c.table if hasattr(crc32c, "table") else None
    if table is None:
        table = []
        for i in range(256):
            c = i
            for _ in range(8):
                c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
            table.append(c)
        crc32c.table = table
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def save_rnn_checkpoint(path, model, chars, args):
    """The model's weights in rnn's checkpoint format 2 (docs/checkpoint-format.md): big-endian, gates
    side by side in x . W layout, the two PyTorch bias vectors summed into one."""
    import struct
    assert args.cell == "lstm", "--save-init writes LSTM weights only"
    tensors = {"param.embedding.table": model.emb.weight}
    for l in range(args.layers):
        tensors[f"param.layer{l}.wx"] = getattr(model.rnn, f"weight_ih_l{l}").t()
        tensors[f"param.layer{l}.wh"] = getattr(model.rnn, f"weight_hh_l{l}").t()
        tensors[f"param.layer{l}.b"] = getattr(model.rnn, f"bias_ih_l{l}") + getattr(model.rnn, f"bias_hh_l{l}")
    tensors["param.output.weight"] = model.out.weight.t()
    tensors["param.output.bias"] = model.out.bias
    manifest = {"formatVersion": 2, "createdBy": "bench/torch_charrnn.py --save-init", "createdAt": "1970-01-01T00:00:00Z",
                "architecture": {"cell": "LSTM", "layers": args.layers, "hidden": args.hidden, "embed": args.embed,
                                 "vocabSize": len(chars)},
                "vocabulary": [ord(c) for c in chars],
                "training": {"seqLen": args.seq, "batch": args.batch, "dropout": args.dropout, "learningRate": args.lr,
                             "lrDecay": 1.0, "clip": args.clip, "valFrac": 0.1, "seed": args.seed, "forgetBias": 0.0},
                "progress": {"step": 0, "epoch": 0, "trainLoss": 0.0, "valLoss": None, "bestValLoss": None,
                             "elapsedSeconds": 0.0}}
    body = bytearray(b"\x89RNN\r\n\x1a\n") + struct.pack(">i", 2)
    text = json.dumps(manifest).encode("utf-8")
    body += struct.pack(">i", len(text)) + text + struct.pack(">i", len(tensors))
    for name, tensor in tensors.items():
        values = tensor.detach().contiguous().float()
        encoded = name.encode("utf-8")
        body += struct.pack(">h", len(encoded)) + encoded + struct.pack(">bb", 1, values.dim())
        body += b"".join(struct.pack(">q", d) for d in values.shape)
        body += values.numpy().astype(">f4").tobytes()
    body += struct.pack(">I", crc32c(body))
    with open(path, "wb") as f:
        f.write(body)


def detach(state):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def make_streams(data, batch):
    """data: 1-D long tensor -> (x, y) of shape [L, batch] (time-major), contiguous streams."""
    L = (data.numel() - 1) // batch
    x = data[: L * batch].view(batch, L).t().contiguous()
    y = data[1: L * batch + 1].view(batch, L).t().contiguous()
    return x, y


@torch.no_grad()
def evaluate(model, vx, vy, seq, vocab):
    model.eval()
    state = None
    total, count = 0.0, 0
    for t in range(0, vx.size(0), seq):
        x, y = vx[t:t + seq], vy[t:t + seq]
        logits, state = model(x, state)
        total += nn.functional.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1),
                                             reduction="sum").item()
        count += y.numel()
    model.train()
    return total / count


@torch.no_grad()
def sample(model, prime_ids, n, temperature, itos, seed):
    model.eval()
    g = torch.Generator().manual_seed(seed)
    state = None
    x = torch.tensor(prime_ids, dtype=torch.long).view(-1, 1)
    t0 = time.perf_counter()
    logits, state = model(x, state)  # prime in one call
    t_prime = time.perf_counter() - t0
    last = logits[-1, 0]
    out = []
    t0 = time.perf_counter()
    for _ in range(n):
        p = torch.softmax(last / temperature, dim=-1)
        c = torch.multinomial(p, 1, generator=g)
        out.append(c.item())
        logits, state = model(c.view(1, 1), state)
        last = logits[0, 0]
    dt = time.perf_counter() - t0
    model.train()
    return "".join(itos[i] for i in out), n / dt, t_prime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--cell", choices=["lstm", "gru", "rnn"], default="lstm")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--embed", type=int, default=64)
    ap.add_argument("--seq", type=int, default=50)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--dropout", type=float, default=0.0, help="dropout after every recurrent layer (rnn's --dropout)")
    ap.add_argument("--lr-schedule", choices=["constant", "cosine"], default="constant",
                    help="cosine: to lr/10 exactly when the --seconds budget is spent")
    ap.add_argument("--warmup", type=int, default=0, help="linear learning-rate warm-up over N steps")
    ap.add_argument("--weight-drop", type=float, default=0.0,
                    help="DropConnect on the recurrent weights while training (rnn's --weight-drop); 0 = none")
    ap.add_argument("--weight-decay", type=float, default=0.0,
                    help="AdamW's decoupled decay of the 2-D weights (rnn's --weight-decay); 0 = plain Adam")
    ap.add_argument("--save-init", default="", help="write the initial weights as an rnn checkpoint and go on")
    ap.add_argument("--eval-every-steps", type=int, default=0, help="also evaluate every N steps")
    ap.add_argument("--max-steps", type=int, default=0, help="also stop after N steps (0 = only --seconds)")
    ap.add_argument("--seconds", type=float, default=60.0, help="training time budget (eval excluded)")
    ap.add_argument("--eval-every", type=float, default=0.0,
                    help="evaluate val loss every N seconds of training time (0 = only at end)")
    ap.add_argument("--eval-at", default="", help="extra comma-separated training-time marks (s) to evaluate at")
    ap.add_argument("--log-every", type=float, default=10.0, help="print windowed throughput every N s of training")
    ap.add_argument("--flush-denormal", action="store_true", help="torch.set_flush_denormal(True)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--sample-len", type=int, default=2000)
    ap.add_argument("--prime-len", type=int, default=200)
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--show-config", action="store_true")
    ap.add_argument("--json", default="", help="write a JSON result file here")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.flush_denormal:
        torch.set_flush_denormal(True)
    if args.show_config:
        print(torch.__config__.show())
        print(torch.__config__.parallel_info())

    text = open(args.corpus, encoding="utf-8").read()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    vocab = len(chars)
    data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
    split = int(0.9 * len(data))
    train, val = data[:split], data[split:]
    tx, ty = make_streams(train, args.batch)
    vx, vy = make_streams(val, args.batch)

    model = CharRNN(vocab, args.embed, args.hidden, args.layers, args.cell, args.dropout, args.weight_drop)
    if args.save_init:
        save_rnn_checkpoint(args.save_init, model, chars, args)
    nparams = sum(p.numel() for p in model.parameters())
    if args.weight_decay > 0:  # rnn's --weight-decay: the weight matrices decay, the biases do not
        matrices = [p for p in model.parameters() if p.dim() == 2]
        others = [p for p in model.parameters() if p.dim() != 2]
        opt = torch.optim.AdamW([{"params": matrices, "weight_decay": args.weight_decay},
                                 {"params": others, "weight_decay": 0.0}], lr=args.lr)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    lossf = nn.CrossEntropyLoss()

    print(f"torch {torch.__version__} threads={torch.get_num_threads()} corpus={len(text)} chars "
          f"vocab={vocab} train={len(train)} val={len(val)}")
    print(f"config cell={args.cell} hidden={args.hidden} layers={args.layers} embed={args.embed} "
          f"seq={args.seq} batch={args.batch} lr={args.lr} clip={args.clip} budget={args.seconds}s "
          f"dropout={args.dropout} weight_drop={args.weight_drop} weight_decay={args.weight_decay} "
          f"lr_schedule={args.lr_schedule} warmup={args.warmup} "
          f"flush_denormal={args.flush_denormal}")
    print(f"params {nparams}")
    sys.stdout.flush()

    marks = sorted({float(m) for m in args.eval_at.split(",") if m.strip()})
    if args.eval_every > 0:
        k = 1
        while k * args.eval_every < args.seconds:
            marks.append(k * args.eval_every)
            k += 1
    marks = sorted(set(m for m in marks if m < args.seconds))
    evals = []

    steps_per_epoch = tx.size(0) // args.seq
    state = None
    pos = 0
    steps = 0
    train_time = 0.0
    warm_steps, warm_time = 5, None
    last_loss = float("nan")
    next_log, win_steps, win_time = args.log_every, 0, 0.0
    wall0 = time.perf_counter()
    while train_time < args.seconds and not (args.max_steps and steps >= args.max_steps):
        t0 = time.perf_counter()
        if pos >= steps_per_epoch:
            pos, state = 0, None
        x = tx[pos * args.seq:(pos + 1) * args.seq]
        y = ty[pos * args.seq:(pos + 1) * args.seq]
        pos += 1
        state = detach(state)
        # rnn's LrSchedule: cosine by the fraction of the time budget spent, times a linear warm-up.
        # The warm-up ends after --warmup steps or a tenth of the budget, whichever comes first.
        rate = args.lr
        done = min(1.0, train_time / args.seconds)
        if args.lr_schedule == "cosine":
            rate = args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * done)))
        if args.warmup > 0:
            rate *= min(1.0, max((steps + 1) / args.warmup, done / 0.1))
        for group in opt.param_groups:
            group["lr"] = rate
        logits, state = model(x, state)
        loss = lossf(logits.reshape(-1, vocab), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        opt.step()
        last_loss = loss.item()
        steps += 1
        dt = time.perf_counter() - t0
        train_time += dt
        win_steps += 1
        win_time += dt
        if args.log_every > 0 and train_time >= next_log:
            print(f"  t={train_time:.0f}s step={steps} loss={last_loss:.4f} "
                  f"window {args.batch * args.seq * win_steps / win_time:.0f} chars/s")
            sys.stdout.flush()
            next_log += args.log_every
            win_steps, win_time = 0, 0.0
        if steps == warm_steps:
            warm_time = train_time
        at_step = args.eval_every_steps and steps % args.eval_every_steps == 0
        if at_step or (marks and train_time >= marks[0]):
            while marks and train_time >= marks[0]:
                marks.pop(0)
            te = time.perf_counter()
            vl = evaluate(model, vx, vy, args.seq, vocab)
            ev = {"train_s": round(train_time, 1), "step": steps, "train_loss": last_loss,
                  "val_loss": vl, "val_bpc": vl / math.log(2), "eval_s": round(time.perf_counter() - te, 1)}
            evals.append(ev)
            print(f"eval t={train_time:.1f}s step={steps} train_loss={last_loss:.4f} "
                  f"val_loss={vl:.4f} nats/char val_bpc={vl / math.log(2):.4f} (eval took {ev['eval_s']}s)")
            sys.stdout.flush()

    chars_done = args.batch * args.seq * steps
    tput = chars_done / train_time
    tput_steady = (args.batch * args.seq * (steps - warm_steps) / (train_time - warm_time)
                   if warm_time is not None and steps > warm_steps else float("nan"))
    print(f"trained {steps} steps ({chars_done} chars, {chars_done / len(train):.3f} epochs) in {train_time:.1f}s "
          f"train time ({time.perf_counter() - wall0:.1f}s wall incl. eval)")
    print(f"train throughput {tput:.0f} chars/s (steady after {warm_steps} steps: {tput_steady:.0f} chars/s); "
          f"last train loss {last_loss:.4f}")
    te = time.perf_counter()
    vl = evaluate(model, vx, vy, args.seq, vocab)
    eval_s = time.perf_counter() - te
    evals.append({"train_s": round(train_time, 1), "step": steps, "train_loss": last_loss,
                  "val_loss": vl, "val_bpc": vl / math.log(2), "eval_s": round(eval_s, 1)})
    print(f"final val loss {vl:.4f} nats/char = {vl / math.log(2):.4f} bits/char "
          f"(eval {eval_s:.1f}s, {vx.numel() / eval_s:.0f} chars/s)")

    prime = [stoi[c] for c in text[split:split + args.prime_len]]
    s, sps, tprime = sample(model, prime, args.sample_len, args.temperature, chars, args.seed)
    print(f"sampling throughput {sps:.0f} chars/s ({args.sample_len} chars, batch 1, T={args.temperature}, "
          f"after {args.prime_len}-char prime that took {tprime * 1000:.1f} ms)")
    print("sample (300 chars):\n" + "-" * 40 + "\n" + s[:300] + "\n" + "-" * 40)

    if args.json:
        res = dict(vars(args), params=nparams, steps=steps, train_time=train_time,
                   train_chars_per_s=tput, train_chars_per_s_steady=tput_steady,
                   evals=evals, sample_chars_per_s=sps, sample=s[:300], torch=torch.__version__)
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
