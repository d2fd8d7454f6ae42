FROM jupyter/base-notebook:python-3.11
USER root
# USER is restored to the base image's by the build script
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends 'curl' 'git=1:2.39.5-0+deb12u1' \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
RUN conda install -y 'numpy=1.26' 'conda-forge::scipy>=1.11' \
 && conda clean -afy \
 && if command -v fix-permissions >/dev/null 2>&1 && [ -n "${CONDA_DIR:-}" ] && [ -n "${NB_USER:-}" ]; then \
      fix-permissions "$CONDA_DIR" && fix-permissions "/home/$NB_USER"; fi
