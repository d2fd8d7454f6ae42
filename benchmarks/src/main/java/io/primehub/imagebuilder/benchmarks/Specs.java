package io.primehub.imagebuilder.benchmarks;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.Packages;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed corpus of distinct, valid specs shaped like data-science ones: a notebook base, a few apt packages, a
 * handful of pip packages with version constraints, sometimes conda. The same seed gives the same corpus on every run.
 */
final class Specs {

    static final int COUNT = 1024;

    private static final String[] BASES = {
        "jupyter/base-notebook:latest",
        "jupyter/scipy-notebook:2023-10-20",
        "jupyter/datascience-notebook",
        "registry.example.test:5000/team/base-notebook:1.4.2",
        "infuseai/docker-stacks:base-notebook-63fdf50a",
    };
    private static final String[] APT = {
        "curl", "git", "vim", "htop", "graphviz", "libpq-dev", "build-essential", "ffmpeg", "unzip", "openssh-client"
    };
    private static final String[] PIP = {
        "numpy",
        "pandas>=2.0",
        "scikit-learn==1.3.2",
        "torch",
        "matplotlib<3.9",
        "seaborn",
        "xgboost",
        "lightgbm~=4.1",
        "transformers[torch]",
        "requests",
        "pyarrow",
        "polars"
    };
    private static final String[] CONDA = {"cudatoolkit=11.8", "pytorch", "numba", "r-base", "nodejs"};

    private Specs() {}

    static List<ImageSpec> corpus() {
        Random random = new Random(42);
        List<ImageSpec> specs = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            List<String> apt = pick(random, APT, random.nextInt(4));
            List<String> pip = pick(random, PIP, 1 + random.nextInt(6));
            List<String> conda = random.nextInt(4) == 0 ? pick(random, CONDA, 1 + random.nextInt(2)) : List.of();
            specs.add(new ImageSpec(
                    "team-" + (i % 10),
                    "spec-" + i,
                    BASES[random.nextInt(BASES.length)],
                    "",
                    new Packages(apt, pip, conda),
                    "2026-12-01T00:00:00Z"));
        }
        return specs;
    }

    private static List<String> pick(Random random, String[] from, int count) {
        List<String> picked = new ArrayList<>();
        while (picked.size() < Math.min(count, from.length)) {
            String candidate = from[random.nextInt(from.length)];
            if (!picked.contains(candidate)) {
                picked.add(candidate);
            }
        }
        return picked;
    }
}
