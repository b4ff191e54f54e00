# The handbook's helper package (qwen3_handbook) and what the notebooks import.
git clone https://github.com/qwen3-handbook/qwen3-handbook
cd qwen3-handbook
# jupytext opens the .py files as notebooks
pip install -e . matplotlib jupyterlab jupytext
jupyter lab examples/notebooks/  # or open a downloaded .ipynb
