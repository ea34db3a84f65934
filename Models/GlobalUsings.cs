global using KerasSharp.Saving;
