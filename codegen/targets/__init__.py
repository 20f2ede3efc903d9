"""One module per output target: IR to a view model of final names and literals."""
