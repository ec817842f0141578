// Prism's grammar files only extend the global Prism; they export nothing.
declare module 'prismjs/components/*';
