#!/usr/bin/env python3
"""Writes a large two-moons CSV for the large-data benchmark: x,y,label per row, no header.

Usage: bench/make_large_csv.py [--rows 200000] [--seed 1] OUT.csv
"""
import argparse
import math
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("x,y,label\n")
        for i in range(args.rows):
            t = rng.uniform(0, math.pi)
            if i % 2 == 0:
                x, y, label = math.cos(t), math.sin(t), 0
            else:
                x, y, label = 1 - math.cos(t), 0.5 - math.sin(t), 1
            f.write(f"{x + rng.gauss(0, 0.15):.6f},{y + rng.gauss(0, 0.15):.6f},{label}\n")


if __name__ == "__main__":
    main()
