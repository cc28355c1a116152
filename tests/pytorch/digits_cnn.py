"""A small CNN on the bundled 8x8 digits, shared by the PyTorch proof test, the recorder
benchmark and the script that makes the bundled lesson run. Standard library and torch only."""

import csv
import os

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DIGITS = os.path.join(ROOT, "resources", "data", "digits.csv")


def load_digits(path=DIGITS, validation=360, seed=0):
    """(train_x, train_y, val_x, val_y): images N x 1 x 8 x 8 scaled to [0, 1]."""
    with open(path, newline="") as f:
        rows = [[int(v) for v in row] for row in csv.reader(f) if row]
    data = torch.tensor(rows, dtype=torch.float32)
    x = (data[:, :64] / 16.0).reshape(-1, 1, 8, 8)
    y = data[:, 64].long()
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    x, y = x[order], y[order]
    return x[validation:], y[validation:], x[:validation], y[:validation]


def make_cnn(momentum=0.1, seed=0):
    """Conv-BN2d-ReLU, Conv-BN2d-ReLU-pool, Linear-BN1d-ReLU, Linear."""
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1, bias=False),
        torch.nn.BatchNorm2d(8, momentum=momentum),
        torch.nn.ReLU(),
        torch.nn.Conv2d(8, 16, 3, padding=1, bias=False),
        torch.nn.BatchNorm2d(16, momentum=momentum),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(16 * 4 * 4, 32, bias=False),
        torch.nn.BatchNorm1d(32, momentum=momentum),
        torch.nn.ReLU(),
        torch.nn.Linear(32, 10),
    )


def batches(n, batch_size, seed):
    """Index batches, epoch after epoch, reshuffled each epoch; the last batch of an epoch is
    smaller (as with a DataLoader without drop_last)."""
    g = torch.Generator().manual_seed(seed)
    while True:
        order = torch.randperm(n, generator=g)
        for start in range(0, n, batch_size):
            yield order[start:start + batch_size]


def accuracy_and_loss(model, x, y):
    logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits, y).item()
    return (logits.argmax(dim=1) == y).float().mean().item(), loss


def train(model, data, steps, batch_size=32, lr=0.05, seed=0, on_step=None):
    """SGD with momentum 0.9. on_step(step, loss, lr) after each step (step from 1)."""
    train_x, train_y = data[0], data[1]
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    model.train()
    it = batches(len(train_y), batch_size, seed)
    for step in range(1, steps + 1):
        idx = next(it)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(train_x[idx]), train_y[idx])
        loss.backward()
        opt.step()
        if on_step is not None:
            on_step(step, loss.item(), lr)
    return model
