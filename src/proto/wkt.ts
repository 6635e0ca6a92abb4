/**
 * The files buf has built in (well-known types, descriptor.proto and the feature files), reduced to
 * what name resolution needs: each declared message (m) or enum (e) by full name.
 */
const files: Record<string, string> = {
  "google/protobuf/any.proto": "m Any",
  "google/protobuf/api.proto": "m Api,m Method,m Mixin",
  "google/protobuf/duration.proto": "m Duration",
  "google/protobuf/empty.proto": "m Empty",
  "google/protobuf/field_mask.proto": "m FieldMask",
  "google/protobuf/source_context.proto": "m SourceContext",
  "google/protobuf/struct.proto": "m Struct,m Struct.FieldsEntry,m Value,m ListValue,e NullValue",
  "google/protobuf/timestamp.proto": "m Timestamp",
  "google/protobuf/type.proto": "m Type,m Field,e Field.Kind,e Field.Cardinality,m Enum,m EnumValue,m Option,e Syntax",
  "google/protobuf/wrappers.proto":
    "m DoubleValue,m FloatValue,m Int64Value,m UInt64Value,m Int32Value,m UInt32Value,m BoolValue,m StringValue,m BytesValue",
  "google/protobuf/descriptor.proto": [
    "m FileDescriptorSet,m FileDescriptorProto,m DescriptorProto,m DescriptorProto.ExtensionRange,m DescriptorProto.ReservedRange",
    "m ExtensionRangeOptions,m ExtensionRangeOptions.Declaration,e ExtensionRangeOptions.VerificationState",
    "m FieldDescriptorProto,e FieldDescriptorProto.Type,e FieldDescriptorProto.Label,m OneofDescriptorProto",
    "m EnumDescriptorProto,m EnumDescriptorProto.EnumReservedRange,m EnumValueDescriptorProto,m ServiceDescriptorProto",
    "m MethodDescriptorProto,m FileOptions,e FileOptions.OptimizeMode,m MessageOptions,m FieldOptions,e FieldOptions.CType",
    "e FieldOptions.JSType,e FieldOptions.OptionRetention,e FieldOptions.OptionTargetType,m FieldOptions.EditionDefault",
    "m FieldOptions.FeatureSupport,m OneofOptions,m EnumOptions,m EnumValueOptions,m ServiceOptions,m MethodOptions",
    "e MethodOptions.IdempotencyLevel,m UninterpretedOption,m UninterpretedOption.NamePart,m FeatureSet",
    "e FeatureSet.FieldPresence,e FeatureSet.EnumType,e FeatureSet.RepeatedFieldEncoding,e FeatureSet.Utf8Validation",
    "e FeatureSet.MessageEncoding,e FeatureSet.JsonFormat,e FeatureSet.EnforceNamingStyle,m FeatureSet.VisibilityFeature",
    "e FeatureSet.VisibilityFeature.DefaultSymbolVisibility,m FeatureSetDefaults,m FeatureSetDefaults.FeatureSetEditionDefault",
    "m SourceCodeInfo,m SourceCodeInfo.Location,m GeneratedCodeInfo,m GeneratedCodeInfo.Annotation",
    "e GeneratedCodeInfo.Annotation.Semantic,e Edition,e SymbolVisibility",
  ].join(","),
  "google/protobuf/cpp_features.proto": "pb:m CppFeatures,e CppFeatures.StringType",
  "google/protobuf/java_features.proto": "pb:m JavaFeatures,e JavaFeatures.Utf8Validation,m JavaFeatures.NestInFileClassFeature,e JavaFeatures.NestInFileClassFeature.NestInFileClass",
  "google/protobuf/go_features.proto": "pb:m GoFeatures,e GoFeatures.APILevel,e GoFeatures.StripEnumPrefix",
};

export interface BuiltinFile {
  path: string;
  package: string;
  symbols: Array<{ fullName: string; kind: "message" | "enum" }>;
}

export const builtinFiles: ReadonlyMap<string, BuiltinFile> = new Map(
  Object.entries(files).map(([path, spec]) => {
    let pkg = "google.protobuf";
    let body = spec;
    const colon = spec.indexOf(":");
    if (colon > 0 && !spec.slice(0, colon).includes(" ")) {
      pkg = spec.slice(0, colon);
      body = spec.slice(colon + 1);
    }
    const symbols = body.split(",").map((s) => {
      const [k, name] = s.trim().split(" ") as [string, string];
      return { fullName: `${pkg}.${name}`, kind: k === "e" ? ("enum" as const) : ("message" as const) };
    });
    return [path, { path, package: pkg, symbols }];
  }),
);
