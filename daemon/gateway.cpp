// placeholder until the gateway wiring lands
