"""Other engines for batch conversion: the same chunks in and outcomes out as the local
process pool (``pagenorm.batch.pool.ordered_results``), run elsewhere. Each is an optional extra,
imported only when chosen (``--engine dask``)."""
