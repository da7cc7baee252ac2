"""Layers of a small neural network: convolutions, pooling, normalizations, activations, attention, losses."""

import math

import numpy as np


def conv1d(x, w, b):
    """Valid 1-d convolution (cross-correlation): x (C_in, L), w (C_out, C_in, K), b (C_out,)."""
    c_out, c_in, k = w.shape
    length = x.shape[1] - k + 1
    out = np.empty((c_out, length))
    for o in range(c_out):
        for t in range(length):
            out[o, t] = np.sum(w[o] * x[:, t:t + k]) + b[o]
    return out


def conv2d_loops(img, kern):
    """Valid single-channel 2-d cross-correlation with four scalar loops."""
    h, w = img.shape
    kh, kw = kern.shape
    out = np.zeros((h - kh + 1, w - kw + 1))
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            acc = 0.0
            for a in range(kh):
                for b in range(kw):
                    acc += img[i + a, j + b] * kern[a, b]
            out[i, j] = acc
    return out


def conv2d_channels(x, w, stride):
    """Strided multi-channel 2-d convolution: x (C, H, W), w (F, C, KH, KW), each output a window sum."""
    f, c, kh, kw = w.shape
    _, h, wd = x.shape
    oh = (h - kh) // stride + 1
    ow = (wd - kw) // stride + 1
    out = np.zeros((f, oh, ow))
    for q in range(f):
        for i in range(oh):
            for j in range(ow):
                window = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw]
                out[q, i, j] = (window * w[q]).sum()
    return out


def max_pool2d(x, size):
    """Non-overlapping max pooling of a 2-d map with square windows; ragged edges dropped."""
    h, w = x.shape
    oh, ow = h // size, w // size
    out = np.empty((oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[i, j] = x[i * size:(i + 1) * size, j * size:(j + 1) * size].max()
    return out


def avg_pool_reshape(x, size):
    """Non-overlapping average pooling by reshaping into blocks and averaging two axes."""
    h, w = x.shape
    oh, ow = h // size, w // size
    blocks = x[:oh * size, :ow * size].reshape(oh, size, ow, size)
    return blocks.mean(axis=(1, 3))


def softmax_rows(x):
    """Numerically stable softmax over the last axis, shifted by each row's max."""
    z = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_columns(x):
    """Softmax down each column (axis 0), relying on broadcasting of the reduced rows."""
    e = np.exp(x - x.max(axis=0))
    return e / e.sum(axis=0)


def batch_norm(x, gamma, beta, eps):
    """Batch normalization over the batch axis of an (N, D) activation, training mode."""
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    x_hat = (x - mean) / np.sqrt(var + eps)
    return gamma * x_hat + beta


def layer_norm(x, gamma, beta, eps):
    """Layer normalization of each row of an (N, D) activation."""
    mu = np.mean(x, axis=-1, keepdims=True)
    var = np.mean((x - mu) ** 2, axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * gamma + beta


def mlp_forward(x, w1, b1, w2, b2):
    """Two-layer perceptron: ReLU hidden layer, linear output."""
    h = np.maximum(x @ w1 + b1, 0.0)
    return h @ w2 + b2


def attention(q, k, v):
    """Scaled dot-product attention for one head: softmax(Q K^T / sqrt(d)) V."""
    d = q.shape[1]
    scores = q @ k.T / math.sqrt(d)
    scores -= scores.max(axis=1)[:, np.newaxis]
    weights = np.exp(scores)
    weights /= weights.sum(axis=1)[:, np.newaxis]
    return weights @ v


def gelu(x):
    """GELU activation, tanh approximation."""
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def relu_inplace(x):
    """ReLU in place with a boolean mask; returns how many entries were clipped."""
    neg = x < 0.0
    x[neg] = 0.0
    return int(neg.sum())


def sigmoid_loops(x):
    """Logistic sigmoid element by element, branching to stay stable for large |x|."""
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            v = x[i, j]
            if v >= 0.0:
                out[i, j] = 1.0 / (1.0 + math.exp(-v))
            else:
                e = math.exp(v)
                out[i, j] = e / (1.0 + e)
    return out


def cross_entropy(logits, labels):
    """Mean cross-entropy of integer class labels under row-wise softmax of the logits."""
    n = logits.shape[0]
    loss = 0.0
    for i in range(n):
        row = logits[i]
        m = row.max()
        lse = m + np.log(np.sum(np.exp(row - m)))
        loss += lse - row[labels[i]]
    return loss / n


def dense_backward(x, w, grad_out):
    """Gradients of y = x W + b: with respect to W, b and x."""
    grad_w = x.T @ grad_out
    grad_b = grad_out.sum(axis=0)
    grad_x = grad_out @ w.T
    return grad_w, grad_b, grad_x


def sgd_momentum(w, grad, velocity, lr, mu):
    """One SGD step with momentum; updates the weights and the velocity in place."""
    velocity *= mu
    velocity -= lr * grad
    w += velocity


def embedding_bag(table, ids, offsets):
    """Mean of the embedding rows of each bag; bag b holds ids[offsets[b]:offsets[b + 1]]."""
    bags = offsets.shape[0] - 1
    out = np.zeros((bags, table.shape[1]))
    for b in range(bags):
        start, stop = offsets[b], offsets[b + 1]
        if stop > start:
            out[b] = table[ids[start:stop]].mean(axis=0)
    return out


def linear_with_bias_column(X, W):
    """A linear layer whose bias is the last row of W, applied by appending a column of ones (np.hstack)."""
    ones = np.ones((X.shape[0], 1))
    return np.hstack((X, ones)) @ W


def tiled_bias(X, b):
    """Adds the bias vector to every row through an explicit np.tile, as code written before broadcasting did."""
    return X + np.tile(b, (X.shape[0], 1))
