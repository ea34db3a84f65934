# A small BERT written from the published architecture (Devlin et al. 2019; Hugging Face's module and parameter
# names), checked against torch.nn.TransformerEncoderLayer so that it does not only confirm itself, then saved in
# Hugging Face's folder layout with the outputs it computes. Usage: bert_reference.py <folder> <hidden_act>
import json, math, os, struct, sys
import torch
import torch.nn as nn

folder, act = sys.argv[1], sys.argv[2]
os.makedirs(folder, exist_ok=True)
torch.manual_seed(2024)
cfg = dict(vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
           hidden_act=act, max_position_embeddings=40, type_vocab_size=2, layer_norm_eps=1e-12,
           hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, model_type="bert", architectures=["BertForMaskedLM"])
H, A, L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]

def activation(x):
    if act == "gelu": return torch.nn.functional.gelu(x)
    if act == "gelu_new": return torch.nn.functional.gelu(x, approximate="tanh")
    if act == "relu": return torch.relu(x)
    raise ValueError(act)

class Embeddings(nn.Module):
    def __init__(s):
        super().__init__()
        s.word_embeddings = nn.Embedding(cfg["vocab_size"], H)
        s.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], H)
        s.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], H)
        s.LayerNorm = nn.LayerNorm(H, eps=cfg["layer_norm_eps"])
    def forward(s, ids, types):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        return s.LayerNorm(s.word_embeddings(ids) + s.position_embeddings(pos) + s.token_type_embeddings(types))

class SelfAttention(nn.Module):
    def __init__(s):
        super().__init__()
        s.query, s.key, s.value = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, H)
    def forward(s, h, mask):
        b, n, _ = h.shape
        split = lambda t: t.view(b, n, A, H // A).transpose(1, 2)
        q, k, v = split(s.query(h)), split(s.key(h)), split(s.value(h))
        scores = q @ k.transpose(-1, -2) / math.sqrt(H // A)
        scores = scores + (1.0 - mask[:, None, None, :]) * torch.finfo(scores.dtype).min
        return (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, H)

class Dense(nn.Module):   # HF's BertSelfOutput / BertOutput: dense, residual, LayerNorm
    def __init__(s, fan_in):
        super().__init__()
        s.dense = nn.Linear(fan_in, H)
        s.LayerNorm = nn.LayerNorm(H, eps=cfg["layer_norm_eps"])
    def forward(s, x, residual):
        return s.LayerNorm(s.dense(x) + residual)

class Attention(nn.Module):
    def __init__(s):
        super().__init__()
        s.self, s.output = SelfAttention(), Dense(H)
    def forward(s, h, mask):
        return s.output(s.self(h, mask), h)

class Intermediate(nn.Module):
    def __init__(s):
        super().__init__()
        s.dense = nn.Linear(H, cfg["intermediate_size"])
    def forward(s, h):
        return activation(s.dense(h))

class Layer(nn.Module):
    def __init__(s):
        super().__init__()
        s.attention, s.intermediate, s.output = Attention(), Intermediate(), Dense(cfg["intermediate_size"])
    def forward(s, h, mask):
        a = s.attention(h, mask)
        return s.output(s.intermediate(a), a)

class Encoder(nn.Module):
    def __init__(s):
        super().__init__()
        s.layer = nn.ModuleList([Layer() for _ in range(L)])
    def forward(s, h, mask):
        for layer in s.layer: h = layer(h, mask)
        return h

class Pooler(nn.Module):
    def __init__(s):
        super().__init__()
        s.dense = nn.Linear(H, H)
    def forward(s, h):
        return torch.tanh(s.dense(h[:, 0]))

class Bert(nn.Module):
    def __init__(s):
        super().__init__()
        s.embeddings, s.encoder, s.pooler = Embeddings(), Encoder(), Pooler()
    def forward(s, ids, mask, types):
        h = s.encoder(s.embeddings(ids, types), mask.float())
        return h, s.pooler(h)

class MaskedLM(nn.Module):   # cls.predictions: transform (dense, act, LayerNorm), decoder tied to the word embeddings, bias
    def __init__(s, bert):
        super().__init__()
        s.bert = bert
        s.transform_dense = nn.Linear(H, H)
        s.transform_norm = nn.LayerNorm(H, eps=cfg["layer_norm_eps"])
        s.bias = nn.Parameter(torch.randn(cfg["vocab_size"]) * 0.1)
    def forward(s, ids, mask, types):
        h, _ = s.bert(ids, mask, types)
        t = s.transform_norm(activation(s.transform_dense(h)))
        return t @ s.bert.embeddings.word_embeddings.weight.T + s.bias

bert = Bert()
with torch.no_grad():
    for name, p in bert.named_parameters():
        if "LayerNorm.weight" in name: p.uniform_(0.8, 1.2)
        elif "LayerNorm.bias" in name or name.endswith(".bias"): p.uniform_(-0.1, 0.1)
        else: p.normal_(0, 0.2)
bert.eval()

# The encoder layer against torch's own post-LN transformer layer with the same weights (GELU only: torch's layer has no other).
if act == "gelu":
    ref = nn.TransformerEncoderLayer(H, A, cfg["intermediate_size"], dropout=0.0, activation="gelu", batch_first=True,
                                     norm_first=False, layer_norm_eps=cfg["layer_norm_eps"])
    ours = bert.encoder.layer[0]
    with torch.no_grad():
        sa = ours.attention.self
        ref.self_attn.in_proj_weight.copy_(torch.cat([sa.query.weight, sa.key.weight, sa.value.weight]))
        ref.self_attn.in_proj_bias.copy_(torch.cat([sa.query.bias, sa.key.bias, sa.value.bias]))
        ref.self_attn.out_proj.weight.copy_(ours.attention.output.dense.weight); ref.self_attn.out_proj.bias.copy_(ours.attention.output.dense.bias)
        ref.norm1.weight.copy_(ours.attention.output.LayerNorm.weight); ref.norm1.bias.copy_(ours.attention.output.LayerNorm.bias)
        ref.linear1.weight.copy_(ours.intermediate.dense.weight); ref.linear1.bias.copy_(ours.intermediate.dense.bias)
        ref.linear2.weight.copy_(ours.output.dense.weight); ref.linear2.bias.copy_(ours.output.dense.bias)
        ref.norm2.weight.copy_(ours.output.LayerNorm.weight); ref.norm2.bias.copy_(ours.output.LayerNorm.bias)
    ref.eval()
    x = torch.randn(2, 7, H)
    keep = torch.tensor([[1] * 7, [1] * 5 + [0] * 2])
    with torch.no_grad():
        a = ours(x, keep.float())
        b = ref(x, src_key_padding_mask=keep == 0)
    assert torch.allclose(a[keep == 1], b[keep == 1], atol=1e-5), (a - b).abs().max()

mlm = MaskedLM(bert)
mlm.eval()
heads = {"seqcls": nn.Linear(H, 3), "tokcls": nn.Linear(H, 5), "qa": nn.Linear(H, 2)}
with torch.no_grad():
    for head in heads.values():
        head.weight.normal_(0, 0.3); head.bias.uniform_(-0.1, 0.1)
ids = torch.tensor([[2, 10, 11, 12, 13, 14, 15, 3], [2, 20, 21, 22, 3, 0, 0, 0]])
mask = torch.tensor([[1] * 8, [1] * 5 + [0] * 3])
types = torch.tensor([[0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 1, 0, 0, 0]])
with torch.no_grad():
    hidden, pooled = bert(ids, mask, types)
    logits = mlm(ids, mask, types)
    head_outputs = {"seqcls": heads["seqcls"](pooled), "tokcls": heads["tokcls"](hidden), "qa": heads["qa"](hidden)}

state = {f"bert.{k}": v for k, v in bert.state_dict().items()}
# Checkpoints written by transformers before 4.31 hold this buffer too; loaders must ignore it.
state["bert.embeddings.position_ids"] = torch.arange(cfg["max_position_embeddings"]).unsqueeze(0)
state["cls.predictions.transform.dense.weight"] = mlm.transform_dense.weight.detach()
state["cls.predictions.transform.dense.bias"] = mlm.transform_dense.bias.detach()
state["cls.predictions.transform.LayerNorm.weight"] = mlm.transform_norm.weight.detach()
state["cls.predictions.transform.LayerNorm.bias"] = mlm.transform_norm.bias.detach()
state["cls.predictions.bias"] = mlm.bias.detach()
state["cls.predictions.decoder.weight"] = bert.embeddings.word_embeddings.weight.detach()

def save_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for k, v in tensors.items():
        data = v.contiguous().numpy().tobytes()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[v.dtype]
        header[k] = {"dtype": dtype, "shape": list(v.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text))); f.write(text)
        for b in blobs: f.write(b)

save_safetensors(os.path.join(folder, "model.safetensors"), state)
torch.save(state, os.path.join(folder, "pytorch_model.bin"))
with open(os.path.join(folder, "config.json"), "w") as f: json.dump(cfg, f, indent=2)
vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [f"tok{i}" for i in range(cfg["vocab_size"] - 5)]
with open(os.path.join(folder, "vocab.txt"), "w") as f: f.write("\n".join(vocab) + "\n")
for name, t in [("ids", ids), ("mask", mask), ("types", types)]:
    t.numpy().astype("int64").tofile(os.path.join(folder, f"expected.{name}"))
for name, t in [("hidden", hidden), ("pooled", pooled), ("mlm", logits), *head_outputs.items()]:
    t.numpy().astype("float32").tofile(os.path.join(folder, f"expected.{name}"))
# One folder per task head, as Hugging Face saves BertForSequenceClassification and the others: bert.* and the head's keys.
encoder = {k: v for k, v in state.items() if k.startswith("bert.")}
for task, key, labels in [("seqcls", "classifier", ["negative", "neutral", "positive"]), ("tokcls", "classifier", [f"tag{i}" for i in range(5)]),
                          ("qa", "qa_outputs", None)]:
    sub = os.path.join(folder, task)
    os.makedirs(sub, exist_ok=True)
    task_state = dict(encoder)
    task_state[f"{key}.weight"] = heads[task].weight.detach()
    task_state[f"{key}.bias"] = heads[task].bias.detach()
    save_safetensors(os.path.join(sub, "model.safetensors"), task_state)
    task_cfg = dict(cfg)
    if labels: task_cfg["id2label"] = {str(i): l for i, l in enumerate(labels)}
    with open(os.path.join(sub, "config.json"), "w") as f: json.dump(task_cfg, f, indent=2)
    with open(os.path.join(sub, "vocab.txt"), "w") as f: f.write("\n".join(vocab) + "\n")
print("ok")
