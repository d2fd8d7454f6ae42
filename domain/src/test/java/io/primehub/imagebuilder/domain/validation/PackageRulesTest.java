package io.primehub.imagebuilder.domain.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.PackageManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "curl",
                "g++",
                "libssl3",
                "python3.11",
                "curl:amd64",
                "git=1:2.39.5-0+deb12u1",
                "vim=2:9.0.1378-2",
                "libc6:i386=2.36-9+deb12u4",
                "fonts-noto-cjk"
            })
    void acceptsAptPackages(String item) {
        assertTrue(PackageRules.problem(PackageManager.APT, item).isEmpty(), item);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Curl",
                "c",
                "curl;rm -rf /",
                "curl && rm",
                "curl\nRUN x",
                "-y",
                "--allow-unauthenticated",
                "curl=latest",
                "./local.deb",
                "/tmp/x.deb",
                "curl=1.0 wget",
                "cur\u0142",
                "$(id)",
                "curl`id`",
                "curl>x",
                "'curl'",
                "\"curl\""
            })
    void rejectsAptItemsThatAreNotPackages(String item) {
        assertTrue(PackageRules.problem(PackageManager.APT, item).isPresent(), item);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pandas",
                "requests[security]>=2.31,<3",
                "torch==2.3.1",
                "numpy>=1.26",
                "scikit-learn~=1.5",
                "Django!=4.0.1",
                "zope.interface",
                "pkg===1.0",
                "pkg[a,b]",
                "pandas >= 2.0",
                "jupyterlab<5,>=4.0.0rc1",
                "apache-airflow[postgres, google]==2.9.*"
            })
    void acceptsPipRequirements(String item) {
        assertTrue(PackageRules.problem(PackageManager.PIP, item).isEmpty(), item);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "numpy; rm -rf /",
                "numpy; python_version<\"3.8\"",
                "--index-url=https://evil.example/simple",
                "-r requirements.txt",
                "git+https://github.com/x/y.git",
                "pkg @ https://x.example/p.whl",
                "./dist/pkg.whl",
                "/tmp/pkg",
                "numpy\nRUN curl evil",
                "numpy>1|x",
                "numpy&&id",
                "p\u0430ndas",
                "\uff50andas",
                "numpy==1.0\r",
                "numpy\u0000",
                "'numpy'",
                "numpy==$(id)",
                "numpy>",
                "[extra]"
            })
    void rejectsPipItemsThatAreNotRequirements(String item) {
        assertTrue(PackageRules.problem(PackageManager.PIP, item).isPresent(), item);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "numpy",
                "numpy=1.26",
                "numpy=1.26.4=py311h64a7726_0",
                "conda-forge::numpy",
                "numpy>=1.26",
                "python=3.11.*",
                "pytorch::pytorch=2.3",
                "numpy>=1.26,<2",
                "_libgcc_mutex"
            })
    void acceptsCondaSpecs(String item) {
        assertTrue(PackageRules.problem(PackageManager.CONDA, item).isEmpty(), item);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "numpy;id",
                "https://conda.example/numpy.tar.bz2",
                "-c conda-forge numpy",
                "numpy 1.26",
                "numpy=",
                "::numpy",
                "numpy=1.26=",
                "numpy\n",
                "num\u0440y",
                "numpy|id"
            })
    void rejectsCondaItemsThatAreNotSpecs(String item) {
        assertTrue(PackageRules.problem(PackageManager.CONDA, item).isPresent(), item);
    }

    @ParameterizedTest
    @ValueSource(strings = {"APT", "PIP", "CONDA"})
    void rejectsEmptyAndOverlongItemsForEveryManager(String name) {
        PackageManager manager = PackageManager.valueOf(name);
        assertTrue(PackageRules.problem(manager, "").isPresent());
        assertTrue(PackageRules.problem(manager, "a".repeat(PackageRules.MAX_LENGTH + 1))
                .orElseThrow()
                .contains("longer than"));
        assertTrue(PackageRules.problem(manager, "a".repeat(PackageRules.MAX_LENGTH))
                .isEmpty());
    }
}
