package core

// layerKinds lists every kind of layer, one line each: a new kind is its own
// file (the layer, its description and its forward and backward passes)
// and one line here. The order is the one gt.layers, layerKinds and error
// messages list them in.
var layerKinds = []*LayerKind{
	&denseKind,
	&dropoutKind,
	&normalizationKind,
	&gaussianNoiseKind,
}
