// Stands in for the theme's client module that registers extra Prism languages: this site adds
// none, and importing Prism there would put it in every page's bundle (see CodeBlock/Content).
export {};
