FROM jupyter/base-notebook:python-3.11
USER root
# USER is restored to the base image's by the build script
RUN conda install -y 'numpy=1.26' 'conda-forge::scipy>=1.11' \
 && conda clean -afy
