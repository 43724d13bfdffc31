//! A BERT encoder of the MiniLM shape over candle: the frozen lower layers for inference,
//! and layers whose weights can be trained (the top ones, fine-tuned with the head).

use std::collections::HashMap;

use candle_core::{DType, Device, Module, Result, Tensor, Var, D};

/// The encoder's shape, read from its `config.json`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Config {
    /// Width of every hidden state.
    pub hidden_size: usize,
    /// Transformer layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer.
    pub num_attention_heads: usize,
    /// Longest sequence the position embeddings cover.
    pub max_position_embeddings: usize,
    /// The layer-norm epsilon.
    pub layer_norm_eps: f64,
}

/// The weight names of one layer, after `encoder.layer.N.`.
pub const LAYER_WEIGHTS: [&str; 16] = [
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
];

/// A tensor of `weights` by name, or candle's error for a missing one.
pub fn weight(weights: &HashMap<String, Tensor>, name: &str) -> Result<Tensor> {
    weights
        .get(name)
        .cloned()
        .ok_or_else(|| candle_core::Error::Msg(format!("the weights have no {name}")))
}

/// `x · wᵀ + b` for a two-dimensional `x`.
fn affine(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    x.matmul(&w.t()?)?.broadcast_add(b)
}

/// Layer normalisation over the last dimension, from differentiable operations.
fn normalize(x: &Tensor, w: &Tensor, b: &Tensor, eps: f64) -> Result<Tensor> {
    let mean = x.mean_keepdim(D::Minus1)?;
    let centred = x.broadcast_sub(&mean)?;
    let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
    centred
        .broadcast_div(&(var + eps)?.sqrt()?)?
        .broadcast_mul(w)?
        .broadcast_add(b)
}

/// How a layer computes: with candle's fused kernels (inference), or with operations
/// that carry gradients (training).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Fused softmax and layer norm, no gradients.
    Infer,
    /// Differentiable operations.
    Train,
}

/// Layer normalisation by `pass`.
fn layer_norm(x: &Tensor, w: &Tensor, b: &Tensor, eps: f64, pass: Pass) -> Result<Tensor> {
    match pass {
        Pass::Infer => candle_nn::ops::layer_norm(&x.contiguous()?, w, b, eps as f32),
        Pass::Train => normalize(x, w, b, eps),
    }
}

/// One transformer layer, its weights held as variables that an optimiser may update.
pub struct Layer {
    weights: HashMap<&'static str, Var>,
    heads: usize,
    eps: f64,
}

impl Layer {
    /// Layer `index` of `weights` (names as in the Hugging Face checkpoint).
    pub fn load(weights: &HashMap<String, Tensor>, index: usize, config: &Config) -> Result<Layer> {
        let mut out = HashMap::new();
        for name in LAYER_WEIGHTS {
            let t = weight(weights, &format!("encoder.layer.{index}.{name}"))?;
            out.insert(name, Var::from_tensor(&t)?);
        }
        Ok(Layer {
            weights: out,
            heads: config.num_attention_heads,
            eps: config.layer_norm_eps,
        })
    }

    fn w(&self, name: &str) -> &Tensor {
        // every name of LAYER_WEIGHTS was inserted by `load`
        self.weights[name].as_tensor()
    }

    /// The variables an optimiser trains.
    pub fn vars(&self) -> Vec<Var> {
        LAYER_WEIGHTS
            .iter()
            .map(|n| self.weights[n].clone())
            .collect()
    }

    /// Writes the layer's current weights as layer `index` into `out`.
    pub fn store(&self, index: usize, out: &mut HashMap<String, Tensor>) {
        for name in LAYER_WEIGHTS {
            out.insert(
                format!("encoder.layer.{index}.{name}"),
                self.w(name).clone(),
            );
        }
    }

    /// `x`: (batch, n, hidden); `mask`: (batch, 1, 1, n), 0 for a piece and a large
    /// negative number for padding.
    pub fn forward(&self, x: &Tensor, mask: &Tensor, pass: Pass) -> Result<Tensor> {
        let (b, n, h) = x.dims3()?;
        let d = h / self.heads;
        let flat = x.reshape((b * n, h))?;
        let heads = |t: Tensor| {
            t.reshape((b, n, self.heads, d))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = heads(affine(
            &flat,
            self.w("attention.self.query.weight"),
            self.w("attention.self.query.bias"),
        )?)?;
        let k = heads(affine(
            &flat,
            self.w("attention.self.key.weight"),
            self.w("attention.self.key.bias"),
        )?)?;
        let v = heads(affine(
            &flat,
            self.w("attention.self.value.weight"),
            self.w("attention.self.value.bias"),
        )?)?;
        let scores = (q.matmul(&k.t()?.contiguous()?)? / (d as f64).sqrt())?.broadcast_add(mask)?;
        let probs = match pass {
            Pass::Infer => candle_nn::ops::softmax_last_dim(&scores.contiguous()?)?,
            Pass::Train => candle_nn::ops::softmax(&scores, D::Minus1)?,
        };
        let context = probs.matmul(&v)?.transpose(1, 2)?.reshape((b * n, h))?;
        let attended = affine(
            &context,
            self.w("attention.output.dense.weight"),
            self.w("attention.output.dense.bias"),
        )?;
        let attended = layer_norm(
            &(attended + &flat)?,
            self.w("attention.output.LayerNorm.weight"),
            self.w("attention.output.LayerNorm.bias"),
            self.eps,
            pass,
        )?;
        let inner = affine(
            &attended,
            self.w("intermediate.dense.weight"),
            self.w("intermediate.dense.bias"),
        )?
        .gelu_erf()?;
        let out = affine(
            &inner,
            self.w("output.dense.weight"),
            self.w("output.dense.bias"),
        )?;
        layer_norm(
            &(out + attended)?,
            self.w("output.LayerNorm.weight"),
            self.w("output.LayerNorm.bias"),
            self.eps,
            pass,
        )?
        .reshape((b, n, h))
    }
}

/// The embeddings and every layer of an encoder.
pub struct Encoder {
    words: candle_nn::Embedding,
    positions: candle_nn::Embedding,
    types: Tensor,
    norm: (Tensor, Tensor),
    eps: f64,
    /// The layers, bottom first.
    pub layers: Vec<Layer>,
    /// Longest sequence of pieces it takes, [CLS] and [SEP] included.
    pub max_len: usize,
}

impl Encoder {
    /// The encoder of `config` with `weights` (names as in the Hugging Face checkpoint).
    pub fn new(weights: &HashMap<String, Tensor>, config: &Config) -> Result<Encoder> {
        let w = |name: &str| weight(weights, name);
        let layers = (0..config.num_hidden_layers)
            .map(|i| Layer::load(weights, i, config))
            .collect::<Result<Vec<_>>>()?;
        Ok(Encoder {
            words: candle_nn::Embedding::new(
                w("embeddings.word_embeddings.weight")?,
                config.hidden_size,
            ),
            positions: candle_nn::Embedding::new(
                w("embeddings.position_embeddings.weight")?,
                config.hidden_size,
            ),
            types: w("embeddings.token_type_embeddings.weight")?.get(0)?,
            norm: (
                w("embeddings.LayerNorm.weight")?,
                w("embeddings.LayerNorm.bias")?,
            ),
            eps: config.layer_norm_eps,
            layers,
            max_len: config.max_position_embeddings,
        })
    }

    /// The hidden states of one sequence of piece ids after each of the first `upto`
    /// layers: element 0 is the embeddings, element `i` the output of layer `i`, each
    /// (n, hidden). (Training computes them with `Pass::Train`'s operations, so that the
    /// shipped weights come out of `train` bit for bit.)
    pub fn states(&self, ids: &[u32], upto: usize, pass: Pass) -> Result<Vec<Tensor>> {
        let dev = Device::Cpu;
        let n = ids.len();
        let ids = Tensor::new(ids, &dev)?;
        let pos = Tensor::arange(0u32, n as u32, &dev)?;
        let x = (self.words.forward(&ids)? + self.positions.forward(&pos)?)?
            .broadcast_add(&self.types)?;
        let x = layer_norm(&x, &self.norm.0, &self.norm.1, self.eps, pass)?.unsqueeze(0)?;
        let mask = Tensor::zeros((1, 1, 1, n), DType::F32, &dev)?;
        let mut out = vec![x.squeeze(0)?];
        let mut x = x;
        for layer in self.layers.iter().take(upto) {
            x = layer.forward(&x, &mask, pass)?;
            out.push(x.squeeze(0)?);
        }
        Ok(out)
    }
}
